-- wrk script for the overload benchmark: sends BODY_FILE as a JSON POST when set (else the URL's
-- GET), and counts each answer by status; a 503 without Retry-After counts as "503-no-retry-after".
-- done() prints one line: "statuses 200=N 503=N ..." for overload.sh to read.
local body_file = os.getenv("BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "r"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
end

function response(status, headers, body)
  local key = tostring(status)
  if status == 503 and headers["Retry-After"] == nil and headers["retry-after"] == nil then
    key = "503-no-retry-after"
  end
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for k, v in pairs(c) do
      total[k] = (total[k] or 0) + v
    end
  end
  local line = "statuses"
  for k, v in pairs(total) do
    line = line .. " " .. k .. "=" .. v
  end
  io.write(line .. "\n")
end
