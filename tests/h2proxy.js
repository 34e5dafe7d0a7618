// h2proxy.js - an HTTP/2-only TLS front for tests/apiserver.py, so the
// live client's HTTP/2 path is exercised: the API client must negotiate h2
// by ALPN and read every list through it.  Test infrastructure only.
//
// usage: node tests/h2proxy.js CERTDIR UPSTREAM_PORT
// Prints its port on stdout when ready; exits when its parent is gone.
'use strict';
const fs = require('fs');
const http2 = require('http2');
const https = require('https');
const path = require('path');

const [certs, upstream] = process.argv.slice(2);
const ca = fs.readFileSync(path.join(certs, 'ca.crt'));
const dropped = new Set(['connection', 'keep-alive', 'transfer-encoding',
	'upgrade', 'proxy-connection', 'host']);

const server = http2.createSecureServer({
	key: fs.readFileSync(path.join(certs, 'server.key')),
	cert: fs.readFileSync(path.join(certs, 'server.crt')),
	allowHTTP1: false,
});

server.on('stream', (stream, headers) => {
	const out = {};
	for (const [k, v] of Object.entries(headers))
		if (!k.startsWith(':') && !dropped.has(k))
			out[k] = v;
	const req = https.request({
		host: 'localhost', port: Number(upstream), ca,
		method: headers[':method'], path: headers[':path'], headers: out,
	}, (res) => {
		const back = { ':status': res.statusCode };
		for (const [k, v] of Object.entries(res.headers))
			if (!dropped.has(k))
				back[k] = v;
		stream.respond(back);
		res.pipe(stream);
	});
	req.on('error', () => {
		if (!stream.headersSent)
			stream.respond({ ':status': 502 });
		stream.end();
	});
	req.end();
});

server.listen(0, '127.0.0.1', () => {
	process.stdout.write(server.address().port + '\n');
});

const parent = process.ppid;
setInterval(() => {
	try {
		process.kill(parent, 0);
	} catch (e) {
		process.exit(0);
	}
}, 200).unref();
setTimeout(() => process.exit(0), 600000).unref();
