// A staff member's JSON client for the server functions: logs in with the
// demo password and sends the session cookie with every call.
import assert from "node:assert/strict";

export async function staffApi(baseUrl, username) {
  const res = await fetch(`${baseUrl}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password: "demo-12345" }),
    redirect: "manual",
  });
  const cookie = res.headers.get("set-cookie").split(";")[0];
  /** The call's status and JSON body, whatever they are (for refusals). */
  const raw = async (endpoint, body) => {
    const r = await fetch(`${baseUrl}/api/${endpoint}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
    });
    return { status: r.status, json: await r.json() };
  };
  const call = async (endpoint, body) => {
    const { status, json } = await raw(endpoint, body);
    assert.equal(status, 200, JSON.stringify(json));
    return json;
  };
  call.raw = raw;
  return call;
}
