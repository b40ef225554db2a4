#!/usr/bin/env bash
# Builds the service's container image on this machine, with no registry (issue 39):
#   1. a base: a jlink runtime whose modules jdeps finds in the packaged application, the shared libraries it and
#      ONNX Runtime need, taken from Debian's packages (apt-get download + dpkg-deb), /etc/passwd with user 1001
#      and /tmp; imported with `docker import` (no shell, no package manager);
#   2. the application on it (Dockerfile.jvm beside this file; its BASE is a build argument), with OCI labels.
# Prints the image's reference (name:tag) as its last line.
#   src/service/src/main/docker/build.sh        (from the repository root; packages the service if needed)
# The image is tagged IMAGE:<version>-<git short revision> (printed) and IMAGE:<version>, the reference the Kubernetes
# manifests and the KServe ServingRuntime name (docker.io/stock-volume/stock-volume-service:<version>).
# Env: DOCKER (default docker; DOCKER_HOST is honoured), IMAGE (default stock-volume/stock-volume-service),
#      TAG (default <version>-<git short revision>; when set, the only tag), JLINK (default the JDK's of `java`),
#      SOURCE (the source label; default the git remote origin's URL), AOT=1 (with a Java 25+ JAVA_HOME: the image's own
#      AOT cache in one more layer, Dockerfile.aot).
set -euo pipefail
cd "$(dirname "$0")/../../../../.."
DOCKER="${DOCKER:-docker}"; IMAGE="${IMAGE:-stock-volume/stock-volume-service}"
APP=src/service/target/quarkus-app
[[ -f $APP/quarkus-run.jar && -d src/service/target/onnxruntime-native ]] \
  || ./mvnw -q -B package -DskipTests -pl src/service -am >&2
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
JLINK="${JLINK:-$JAVA_HOME/bin/jlink}"; JDEPS="$JAVA_HOME/bin/jdeps"; JAR="$JAVA_HOME/bin/jar"
VERSION="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)"
REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
REF="$IMAGE:${TAG:-$VERSION-$REVISION}"; TAGS=(-t "$REF")
[[ -n "${TAG:-}" ]] || TAGS+=(-t "$IMAGE:$VERSION")
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"; mkdir -p "$ROOT/opt/java" "$ROOT/etc" "$ROOT/tmp" "$ROOT/lib64" "$ROOT/lib/x86_64-linux-gnu"

# the JDK modules the application uses: jdeps on each jar, or a modular jar's own `requires`
modules="$(for jar in $(find "$APP" -name '*.jar'); do
    if out="$("$JDEPS" --multi-release 17 -s --ignore-missing-deps "$jar" 2>/dev/null)"; then
      echo "$out" | awk '{print $NF}'
    else
      "$JAR" --describe-module --file "$jar" --release 17 2>/dev/null | awk '$1 == "requires" {print $2}'
    fi
  done | grep -E '^(java|jdk)\.' | sort -u | grep -Fxf <("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//') | paste -sd,)"
echo "jlink modules: $modules" >&2
"$JLINK" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$ROOT/opt/java/openjdk" >&2

# the shared libraries the runtime and ONNX Runtime load, from Debian's packages
(cd "$WORK" && { apt-get download libc6 libgcc-s1 libstdc++6 zlib1g > /dev/null 2>&1 \
  || { apt-get update -qq && apt-get download libc6 libgcc-s1 libstdc++6 zlib1g > /dev/null; }; })
for deb in "$WORK"/*.deb; do dpkg-deb -x "$deb" "$WORK/debs"; done
needed="$( (ldd "$ROOT/opt/java/openjdk/bin/java" "$ROOT/opt/java/openjdk/lib/server/libjvm.so" \
  "$ROOT"/opt/java/openjdk/lib/*.so src/service/target/onnxruntime-native/*.so 2>/dev/null || true) \
  | awk '$2 == "=>" && $3 ~ /^\// {print $1}' | sort -u)"
for lib in $needed; do
  found="$(find "$WORK/debs" -name "$lib" | head -1)"
  [[ -n $found ]] && cp -L "$found" "$ROOT/lib/x86_64-linux-gnu/"
done
cp -L "$WORK/debs/lib64/ld-linux-x86-64.so.2" "$ROOT/lib64/" 2>/dev/null \
  || cp -L "$(find "$WORK/debs" -name 'ld-linux-x86-64.so.2' | head -1)" "$ROOT/lib64/"
printf 'root:x:0:0:root:/root:/sbin/nologin\nstockvolume:x:1001:0:stock-volume:/tmp:/sbin/nologin\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\n' > "$ROOT/etc/group"
chmod 1777 "$ROOT/tmp"
BASE="stock-volume-base:$("$JAVA_HOME/bin/java" -version 2>&1 | awk -F'"' 'NR == 1 {print $2}')-$REVISION"
tar -C "$ROOT" --owner=0 --group=0 -c . | "$DOCKER" import - "$BASE" > /dev/null
echo "base $BASE: $(du -sh "$ROOT" | cut -f1) on disk" >&2

# the build context: the packaged application and the model repository, with ONNX Runtime's jar stripped of the
# native libraries it carries for every platform (41 of its 41 MB): the image loads linux-x64's from
# /deployments/onnxruntime (onnxruntime.native.path) and never extracts them
CONTEXT="$WORK/context"; mkdir -p "$CONTEXT/src/service/target"
cp -r "$APP" src/service/target/onnxruntime-native "$CONTEXT/src/service/target/"
cp -r model "$CONTEXT/model"
python3 - "$CONTEXT/$APP"/lib/main/com.microsoft.onnxruntime.onnxruntime-*.jar <<'PY'
import os, sys, zipfile
path = sys.argv[1]
with zipfile.ZipFile(path) as old, zipfile.ZipFile(path + ".new", "w", zipfile.ZIP_DEFLATED) as new:
    for entry in old.infolist():
        if not entry.filename.startswith("ai/onnxruntime/native/"):
            new.writestr(entry, old.read(entry.filename))
os.replace(path + ".new", path)
PY
echo "build context: $(du -sh "$CONTEXT" | cut -f1)" >&2

"$DOCKER" build -q -f src/service/src/main/docker/Dockerfile.jvm --build-arg BASE="$BASE" \
  --label org.opencontainers.image.source="${SOURCE:-$(git remote get-url origin 2>/dev/null || echo unknown)}" \
  --label org.opencontainers.image.revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
  --label org.opencontainers.image.version="$VERSION" \
  --label org.opencontainers.image.created="$(date -u +%FT%TZ)" \
  "${TAGS[@]}" "$CONTEXT" > /dev/null

# AOT=1 (JAVA_HOME a Java 25+ JDK): the image's own AOT cache (JEPs 483, 514, 515), from a training run of the image
# as the pod runs it (the same runtime, jars, paths and JVM options, which a cache must match), as one more layer
if [[ "${AOT:-0}" == 1 ]]; then
  "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])' \
    || { echo "AOT=1 needs JAVA_HOME to be a Java 25+ JDK" >&2; exit 1; }
  mkdir -m 777 "$WORK/aot"
  training="$("$DOCKER" run -d --read-only --tmpfs /tmp --user 1001 -v "$WORK/aot:/aot" \
    -e JAVA_TOOL_OPTIONS=-XX:AOTCacheOutput=/aot/app.aot -p 127.0.0.1::8080 -p 127.0.0.1::9000 "$REF")"
  published() { "$DOCKER" port "$training" "$1/tcp" | head -1 | sed 's/.*://'; }
  base="http://127.0.0.1:$(published 8080)"; management="http://127.0.0.1:$(published 9000)"
  for _ in $(seq 600); do curl -fs -o /dev/null "$management/q/health/ready" && break; sleep 0.1; done
  src/service/src/main/aot/training-workload.sh "$base" "$management" >&2
  "$DOCKER" stop -t 300 "$training" > /dev/null   # the JVM writes the cache as it exits
  "$DOCKER" logs "$training" 2>&1 | tail -5 >&2; "$DOCKER" rm "$training" > /dev/null
  [[ -s "$WORK/aot/app.aot" ]] || { echo "the training run wrote no AOT cache" >&2; exit 1; }
  echo "AOT cache: $(du -h "$WORK/aot/app.aot" | cut -f1)" >&2
  "$DOCKER" build -q -f src/service/src/main/docker/Dockerfile.aot --build-arg APP="$REF" "${TAGS[@]}" "$WORK/aot" > /dev/null
fi
echo "$REF"
