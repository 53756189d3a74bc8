# The HTTPS bench's setup, sourced by bench/https.sh: the certificates every server serves and the
# configurations of hotcert, of its peers (Caddy, nginx) and of the backend behind all three.
# shellcheck shell=bash disable=SC2034,SC2154 # the globals bench/https.sh sets and reads, shared by its parts

# make_certificates: a throwaway CA and four leaves (two per key type), laid out as hotcert stores
# them under $storage; sets ec_sets, rsa_sets and serial_of (set id -> certificate serial)
make_certificates() {
  local id d key_opts
  mkdir -p "$work/ca" "$storage/archive"
  openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca/ca.key" 2> /dev/null
  openssl req -x509 -new -key "$work/ca/ca.key" -sha256 -days 365 -subj "/CN=hotcert bench CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$work/ca/ca.pem" 2> /dev/null
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth" "subjectAltName=DNS:bench.example.test" > "$work/ca/leaf.ext"
  ec_sets=(20250101T000000Z-000 20250101T000000Z-001)
  rsa_sets=(20250101T000000Z-002 20250101T000000Z-003)
  declare -gA serial_of
  for id in "${ec_sets[@]}" "${rsa_sets[@]}"; do
    d=$storage/archive/$id
    mkdir -p "$d"
    if [[ " ${rsa_sets[*]} " == *" $id "* ]]; then key_opts=(-algorithm RSA -pkeyopt rsa_keygen_bits:2048)
    else key_opts=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256); fi
    (umask 077 && openssl genpkey "${key_opts[@]}" -out "$d/privkey.pem" 2> /dev/null)
    openssl req -new -key "$d/privkey.pem" -subj "/CN=bench.example.test" -out "$work/ca/$id.csr"
    openssl x509 -req -in "$work/ca/$id.csr" -CA "$work/ca/ca.pem" -CAkey "$work/ca/ca.key" -CAcreateserial \
      -days 90 -sha256 -extfile "$work/ca/leaf.ext" -out "$d/cert.pem" 2> /dev/null
    cp "$work/ca/ca.pem" "$d/chain.pem"
    cat "$d/cert.pem" "$d/chain.pem" > "$d/fullchain.pem"
    serial_of[$id]=$(openssl x509 -in "$d/cert.pem" -noout -serial | sed 's/.*=//')
  done
  ln -s "archive/${ec_sets[0]}" "$storage/live"
}

# nginx_common DIR: what both nginx instances share, up to the opening of their http block; logs
# and temporary files in DIR
nginx_common() {
  cat <<NGINX
pid $1/nginx.pid;
error_log $1/error.log warn;
worker_processes 1;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $1;
	proxy_temp_path $1;
	fastcgi_temp_path $1;
	uwsgi_temp_path $1;
	scgi_temp_path $1;
	keepalive_requests 1000000;
NGINX
}

# write_configs: hotcert.properties (with the Pebble started in $work/pebble), the backend's and
# the nginx proxy's nginx.conf, and the Caddyfile
write_configs() {
  local small_body="hello from the bench backend, a short body of about sixty-four bytes" ec_dir rsa_dir
  {
    scripts/pebble config "$work/pebble" bench.example.test "$storage"
    cat <<PROPS
https.address=127.0.0.1
https.port=$hot_port
https.backend=http://127.0.0.1:$backend_port
control.socket=$work/control.sock
PROPS
  } > "$work/hotcert.properties"
  mkdir -p "$work/www" "$work/nginx-backend" "$work/nginx-proxy"
  head -c 65536 /dev/urandom > "$work/www/64k"
  chmod -R a+rX "$work/www"
  {
    nginx_common "$work/nginx-backend"
    cat <<NGINX
	server {
		listen 127.0.0.1:$backend_port;
		location = /small { default_type text/plain; return 200 "$small_body"; }
		location = /64k { root $work/www; default_type application/octet-stream; }
	}
}
NGINX
  } > "$work/backend.nginx.conf"
  ec_dir=$storage/archive/${ec_sets[0]} rsa_dir=$storage/archive/${rsa_sets[0]}
  # nginx as a TLS proxy as its documentation sets it up: keep-alive connections to the backend,
  # the same protocols and suites hotcert offers, a session cache as in most deployments.
  {
    nginx_common "$work/nginx-proxy"
    cat <<NGINX
	ssl_protocols TLSv1.2 TLSv1.3;
	ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
	ssl_session_cache shared:SSL:1m;
	upstream backend { server 127.0.0.1:$backend_port; keepalive 32; }
	server {
		listen 127.0.0.1:$nginx_port ssl http2;
		ssl_certificate $ec_dir/fullchain.pem;
		ssl_certificate_key $ec_dir/privkey.pem;
		location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
	}
	server {
		listen 127.0.0.1:$nginx_rsa_port ssl http2;
		ssl_certificate $rsa_dir/fullchain.pem;
		ssl_certificate_key $rsa_dir/privkey.pem;
		location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
	}
}
NGINX
  } > "$work/proxy.nginx.conf"
  # Caddy never binds anything but loopback, has no admin endpoint, never touches a trust store, and
  # serves the very files hotcert serves first, so both send the same chain; no site name, so no
  # automatic certificate either. HTTP/3 is off, as hotcert has none.
  mkdir -p "$work/caddy-home"
  export HOME=$work/caddy-home XDG_DATA_HOME=$work/caddy-home/data XDG_CONFIG_HOME=$work/caddy-home/config
  cat > "$work/proxy.caddyfile" <<CADDY
{
	admin off
	skip_install_trust
	auto_https disable_redirects
	http_port $caddy_http_port
	https_port $caddy_port
	default_sni bench.example.test
	servers {
		protocols h1 h2
	}
}
https://:$caddy_port {
	bind 127.0.0.1
	tls $ec_dir/fullchain.pem $ec_dir/privkey.pem
	reverse_proxy 127.0.0.1:$backend_port
}
https://:$caddy_rsa_port {
	bind 127.0.0.1
	tls $rsa_dir/fullchain.pem $rsa_dir/privkey.pem
	reverse_proxy 127.0.0.1:$backend_port
}
CADDY
}
