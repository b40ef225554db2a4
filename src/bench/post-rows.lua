-- wrk script: POST /v1/predictions with ROWS rows of real feature values (the model card's samples,
-- cycled), as written by wrk-bench.sh into rows.json beside the run.
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
