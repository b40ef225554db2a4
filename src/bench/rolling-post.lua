-- wrk script: POST /v1/predictions with the body in BODY_FILE; wrk counts the non-2xx answers.
local f = assert(io.open(os.getenv("BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
