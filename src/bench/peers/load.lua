-- wrk script for peers.sh: one request over and over (METHOD, REQUEST_PATH, BODY_FILE), and every
-- answer must be 200 with exactly the bytes the check verified against LightGBM (EXPECT_FILE): a
-- wrong number, or any other answer, is counted as wrong and printed at the end.
local function read(name)
  local file = assert(io.open(name, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

wrk.method = os.getenv("METHOD")
wrk.path = os.getenv("REQUEST_PATH")
if os.getenv("BODY_FILE") ~= "" then
  wrk.body = read(os.getenv("BODY_FILE"))
  wrk.headers["Content-Type"] = "application/json"
end
local expected = read(os.getenv("EXPECT_FILE"))

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

wrong = 0
function response(status, headers, body)
  if status ~= 200 or body ~= expected then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("wrong")
  end
  io.write(string.format("wrong %d\n", total))
end
