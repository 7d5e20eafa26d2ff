#!/bin/sh
# Generates the certificates of the certificate failure scenarios once, next
# to the sets of make-certs.sh and make-certs-ecdsa.sh (whose files this
# script never touches: tests depend on their bytes). All RSA-2048 with
# sha256WithRSAEncryption:
#  - "tlswalk Demo Scenario Root CA", which the client trusts (it is one of
#    the built-in trust anchors), and "tlswalk Demo Scenario Intermediate CA"
#    (pathlen:0) under it;
#  - leaves for www.example.com, all with ONE shared key, scen-leaf.key: the
#    scenarios differ in their certificates, not in the key, and one key
#    keeps the binary small;
#      scen-expired-chain.pem   valid 2020-01-01 to 2021-01-01;
#      scen-notyet-chain.pem    valid 2045-01-01 to 2055-01-01;
#      scen-good-leaf.pem       valid 2020 to 2060, sent without its
#                               intermediate ("missing intermediate");
#                               scen-good-chain.pem is the same with it;
#      scen-impostor-chain.pem  from "tlswalk Impostor Root CA" (self-signed,
#                               trusted by nobody: scen-impostor-root.pem)
#                               via "tlswalk Impostor Intermediate CA";
#      scen-notca-chain.pem     issued by the end-entity certificate
#                               "shop.example.net" (CA:FALSE, keyUsage
#                               digitalSignature), itself issued by the
#                               scenario intermediate; sent as leaf,
#                               shop.example.net, intermediate.
#    Each chain file holds what the server sends, leaf first (never a root).
# Validity dates are fixed, not "now": every verdict must be the same at the
# clock of --seed runs (2027-01-01) and at any real date from 2026 to 2044.
# OpenSSL 3.0 (Debian 12) has no -not_before, so "openssl ca" signs with
# -startdate/-enddate from a throwaway CA database. The CA keys, the
# shop.example.net key and that database vanish with $d.
set -eu
cd "$(dirname "$0")"
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
umask 077
for k in root inter imp-root imp-inter shop; do
	openssl genrsa -out "$d/$k.key" 2048
done
openssl genrsa -out scen-leaf.key 2048
umask 022
: > "$d/index.txt"
cat > "$d/ca.cnf" <<EOC
[ca]
default_ca = scen
[scen]
database = $d/index.txt
serial = $d/serial
new_certs_dir = $d
default_md = sha256
policy = any
unique_subject = no
preserve = yes
email_in_dn = no
copy_extensions = none
[any]
countryName = optional
organizationName = optional
commonName = supplied
[v3_root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_inter]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:www.example.com, DNS:example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_shop]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:shop.example.net
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOC
sign() { # key subject ca-cert|self ca-key ext serial start end out
	openssl req -new -key "$1" -out "$d/req.csr" -subj "$2"
	echo "$6" > "$d/serial"
	if [ "$3" = self ]; then issuer=-selfsign; else issuer="-cert $3"; fi
	openssl ca -batch -notext -config "$d/ca.cnf" -in "$d/req.csr" \
		-keyfile "$4" $issuer -extensions "$5" -startdate "$7" -enddate "$8" \
		-out "$9"
}
dn="/C=CN/O=tlswalk demo"
from=20200101000000Z
to=20600101000000Z
sign "$d/root.key" "$dn/CN=tlswalk Demo Scenario Root CA" self "$d/root.key" \
	v3_root 9001 $from $to scen-root.pem
sign "$d/inter.key" "$dn/CN=tlswalk Demo Scenario Intermediate CA" \
	scen-root.pem "$d/root.key" v3_inter 9002 $from $to scen-intermediate.pem
www="$dn/CN=www.example.com"
sign scen-leaf.key "$www" scen-intermediate.pem "$d/inter.key" v3_leaf 9003 \
	$from 20210101000000Z "$d/expired.pem"
sign scen-leaf.key "$www" scen-intermediate.pem "$d/inter.key" v3_leaf 9004 \
	20450101000000Z 20550101000000Z "$d/notyet.pem"
sign scen-leaf.key "$www" scen-intermediate.pem "$d/inter.key" v3_leaf 9005 \
	$from $to scen-good-leaf.pem
sign "$d/imp-root.key" "/C=CN/O=tlswalk impostor/CN=tlswalk Impostor Root CA" self \
	"$d/imp-root.key" v3_root 9101 $from $to scen-impostor-root.pem
sign "$d/imp-inter.key" "/C=CN/O=tlswalk impostor/CN=tlswalk Impostor Intermediate CA" \
	scen-impostor-root.pem "$d/imp-root.key" v3_inter 9102 $from $to "$d/imp-inter.pem"
sign scen-leaf.key "$www" "$d/imp-inter.pem" "$d/imp-inter.key" v3_leaf 9103 \
	$from $to "$d/impostor.pem"
sign "$d/shop.key" "/C=CN/O=tlswalk demo/CN=shop.example.net" scen-intermediate.pem \
	"$d/inter.key" v3_shop 9201 $from $to "$d/shop.pem"
sign scen-leaf.key "$www" "$d/shop.pem" "$d/shop.key" v3_leaf 9202 \
	$from $to "$d/notca.pem"
cat "$d/expired.pem" scen-intermediate.pem > scen-expired-chain.pem
cat "$d/notyet.pem" scen-intermediate.pem > scen-notyet-chain.pem
cat scen-good-leaf.pem scen-intermediate.pem > scen-good-chain.pem
cat "$d/impostor.pem" "$d/imp-inter.pem" > scen-impostor-chain.pem
cat "$d/notca.pem" "$d/shop.pem" scen-intermediate.pem > scen-notca-chain.pem

v() { # time, then openssl verify's arguments
	t=$1
	shift
	openssl verify -attime "$t" -purpose sslserver -CAfile scen-root.pem "$@"
}
refused() { # time, then openssl verify's arguments: must fail
	if v "$@"; then
		echo "make-certs-scenarios.sh: this should not verify: $*" >&2
		exit 1
	fi
}
for t in 1767225600 1798761600 2366755200; do   # 2026-01-01, 2027-01-01, 2044-12-31
	v $t -untrusted scen-intermediate.pem scen-good-leaf.pem
	refused $t -untrusted scen-intermediate.pem "$d/expired.pem"
	refused $t -untrusted scen-intermediate.pem "$d/notyet.pem"
	refused $t scen-good-leaf.pem
	refused $t -untrusted "$d/imp-inter.pem" "$d/impostor.pem"
	refused $t -untrusted scen-notca-chain.pem "$d/notca.pem"
	# The impostor's chain is sound; only its root is not trusted.
	openssl verify -attime $t -purpose sslserver -CAfile scen-impostor-root.pem \
		-untrusted "$d/imp-inter.pem" "$d/impostor.pem"
done
