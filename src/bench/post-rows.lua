-- wrk script: POST the JSON body in BODY_FILE and fail on any status but 200: real feature rows (the
-- model card's samples, cycled) as wrk-bench.sh and compare-post.sh write them, or compare-post.sh's one-row /v2 request.
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

function response(status, headers, body)
  if status ~= 200 then
    error("HTTP " .. status .. ": " .. body)
  end
end
