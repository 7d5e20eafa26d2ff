#!/bin/sh
# derive.sh DIR — the captures tests/capture.sh needs beyond those
# make-captures.sh records, made ONCE by a developer from them with
# Wireshark's tools and a short Python rewrite (no tlswalk involved); the
# results are committed in DIR (tests/data/captures).
#
#   gcm-rsa-dsb.pcapng   gcm-rsa.pcapng with its key log inside, in a
#                        Decryption Secrets Block (editcap --inject-secrets)
#   plain-http.pcapng    curl fetching http:// from python3 -m http.server
#                        on loopback (dumpcap): TCP, no TLS
#   reorder.pcap         gcm-rsa as classic pcap with the server's data
#                        segments of the second flight swapped (out of
#                        order), the ClientHello segment sent twice (a
#                        retransmission) and the Certificate segment split
#                        into two overlapping halves
#   gap.pcap             gcm-rsa without the server's Certificate segment
#                        (lost from the capture)
#   vlan.pcap            gcm-rsa with an 802.1Q tag (VLAN 42) in every frame
#   null.pcap            gcm-rsa as BSD loopback (link type NULL, 4-byte
#                        address family instead of Ethernet)
#   late.pcapng          gcm-rsa from its 10th packet on: the capture starts
#                        after the handshake (editcap -r)
set -eu
dir=$(cd "${1:?usage: derive.sh DIR}" && pwd)
tmp=$(mktemp -d)
trap 'kill $srv $cap 2>/dev/null || true; rm -rf "$tmp"' EXIT INT TERM
srv="" cap=""
cd "$tmp"

editcap --inject-secrets "tls,$dir/gcm-rsa.keys" "$dir/gcm-rsa.pcapng" "$dir/gcm-rsa-dsb.pcapng"
editcap -F pcap "$dir/gcm-rsa.pcapng" gcm-rsa.pcap
editcap -r "$dir/gcm-rsa.pcapng" "$dir/late.pcapng" 10-17

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir www && echo "plain text over HTTP" >www/index.txt
(cd www && exec python3 -m http.server --bind 127.0.0.1 "$port") >/dev/null 2>&1 &
srv=$!
sleep 1
dumpcap -q -i lo -f "tcp port $port" -w plain-http.pcapng 2>dumpcap.err &
cap=$!
sleep 1
curl -sS "http://127.0.0.1:$port/index.txt" >/dev/null
sleep 0.5
kill -INT "$cap"; wait "$cap" || true; cap=""
kill "$srv"; srv=""
cp plain-http.pcapng "$dir/"

python3 - "$dir" gcm-rsa.pcap <<'EOF'
import struct, sys
d, src = sys.argv[1], sys.argv[2]
raw = open(src, 'rb').read()
hdr, body = raw[:24], raw[24:]
magic, vmaj, vmin, tz, sig, snap, lt = struct.unpack('<IHHiIII', hdr)
assert magic == 0xa1b2c3d4 and lt == 1
pk = []
while body:
    ts, us, cl, ol = struct.unpack('<IIII', body[:16])
    pk.append([ts, us, body[16:16 + cl]])
    body = body[16 + cl:]

def tcp(f):
    ip = f[14:]
    ihl = (ip[0] & 15) * 4
    t = ip[ihl:]
    th = (t[12] >> 4) * 4
    return ip, ihl, t, th, len(ip) - ihl - th

def write(name, frames, linktype=1):
    out = [struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, linktype)]
    for ts, us, f in frames:
        out.append(struct.pack('<IIII', ts, us, len(f), len(f)) + f)
    open(d + '/' + name, 'wb').write(b''.join(out))

def fix_ip(f):
    # IPv4 total length and header checksum after a split.
    ip = bytearray(f[14:])
    ihl = (ip[0] & 15) * 4
    ip[2:4] = struct.pack('>H', len(ip))
    ip[10:12] = b'\0\0'
    s = sum(struct.unpack('>%dH' % (ihl // 2), bytes(ip[:ihl])))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    ip[10:12] = struct.pack('>H', ~s & 0xffff)
    return f[:14] + bytes(ip)

data = [i for i, p in enumerate(pk) if tcp(p[2])[4] > 0]
sport = lambda f: struct.unpack('>H', tcp(f)[2][:2])[0]
cport = sport(pk[0][2])
srv_data = [i for i in data if sport(pk[i][2]) != cport]
cli_data = [i for i in data if sport(pk[i][2]) == cport]

# reorder: swap the server's 2nd and 3rd data segments, ClientHello twice,
# the server's first data segment as two overlapping pieces.
r = [p[:] for p in pk]
a, b = srv_data[1], srv_data[2]
r[a], r[b] = r[b], r[a]
first = srv_data[0]
ip, ihl, t, th, n = tcp(pk[first][2])
pay = t[th:]
h1 = pk[first][2][:14] + ip[:ihl] + t[:th] + pay[:n // 2 + 100]
seq = struct.unpack('>I', t[4:8])[0] + n // 2
t2 = bytearray(t[:th]); t2[4:8] = struct.pack('>I', seq)
h2 = pk[first][2][:14] + ip[:ihl] + bytes(t2) + pay[n // 2:]
out = []
for i, p in enumerate(r):
    if i == first:
        out.append([p[0], p[1], fix_ip(h1)])
        out.append([p[0], p[1] + 1, fix_ip(h2)])
        continue
    out.append(p)
    if i == cli_data[0]:
        out.append([p[0], p[1] + 200, p[2]])
write('reorder.pcap', out)

# gap: the server's first data segment lost.
write('gap.pcap', [p for i, p in enumerate(pk) if i != srv_data[0]])
# vlan: 802.1Q tag, VLAN 42, after the MAC addresses.
write('vlan.pcap', [[p[0], p[1], p[2][:12] + b'\x81\x00\x00\x2a' + p[2][12:]] for p in pk])
# null: BSD loopback, AF_INET (2) in the capturing host's order (little-endian).
write('null.pcap', [[p[0], p[1], struct.pack('<I', 2) + p[2][14:]] for p in pk], linktype=0)
EOF
chmod 0644 "$dir"/*.pcap "$dir"/*.pcapng
echo "derived: gcm-rsa-dsb.pcapng plain-http.pcapng reorder.pcap gap.pcap vlan.pcap null.pcap"
