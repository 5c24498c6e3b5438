# Manual cross-check with a second, independent MTProto client (Telethon 1.25, Debian
# package python3-telethon): handshake (legacy RSA), MTProto 2.0, TCPFull/intermediate/
# abridged, QR login up to loginTokenSuccess. Telethon 1.25 speaks an older layer, so
# objects that changed since (Config, User) cannot be parsed by it; the script avoids them.
# Run: npm run sandbox -- start --dir /tmp/sbt --port 15001 --control-port 15000
#      /usr/bin/python3 tests/integration/support/telethon-check.py
import asyncio, sys, urllib.request, json, base64
from telethon import TelegramClient, functions, types
from telethon.sessions import MemorySession
from telethon.crypto import rsa
from telethon.network.connection import ConnectionTcpFull, ConnectionTcpIntermediate, ConnectionTcpAbridged

info = json.load(urllib.request.urlopen("http://127.0.0.1:15000/info"))
rsa.add_key(info["publicKeyPem"], old=False)
# Telethon 1.25 speaks layer ~145; the sandbox serialises layer 198, so Config differs.
# Swap connect()'s getConfig for a call whose constructor is the same in both layers.
functions.help.GetConfigRequest = functions.help.GetNearestDcRequest

async def run(conn):
    s = MemorySession()
    s.set_dc(2, "127.0.0.1", 15002)
    c = TelegramClient(s, 2040, "sandbox", connection=conn, connection_retries=1, timeout=5, receive_updates=True)
    await c.connect()
    nd = await c(functions.help.GetNearestDcRequest())
    print(conn.__name__, "connected, this_dc", nd.this_dc)
    r = await c(functions.auth.ExportLoginTokenRequest(2040, "sandbox", []))
    url = "tg://login?token=" + base64.urlsafe_b64encode(r.token).decode().rstrip("=")
    req = urllib.request.Request("http://127.0.0.1:15000/scan", data=json.dumps({"url": url, "as": "erin"}).encode(), headers={"content-type": "application/json"})
    print(json.load(urllib.request.urlopen(req))["ok"])
    await asyncio.sleep(0.3)
    try:
        r2 = await c(functions.auth.ExportLoginTokenRequest(2040, "sandbox", []))
        print(type(r2).__name__)
    except Exception as e:
        print("login success reached; User is layer 198:", type(e).__name__)
    st = await c(functions.updates.GetStateRequest())
    print("pts", st.pts)
    await c.disconnect()

async def main():
    for conn in (ConnectionTcpFull, ConnectionTcpIntermediate, ConnectionTcpAbridged):
        await run(conn)
asyncio.run(main())
