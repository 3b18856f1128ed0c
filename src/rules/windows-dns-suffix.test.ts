import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTester } from './testing/rule-tester.js';
import { partialServiceNames, windowsDnsSuffix } from './windows-dns-suffix.js';

describe('partialServiceNames', () => {
  it('finds svc.ns and svc.ns.svc in URLs and host:port', () => {
    assert.deepEqual(
      partialServiceNames('http://orders.shop:8080/api and redis.cache.svc:6379').map((f) => f.name),
      ['orders.shop', 'redis.cache.svc'],
    );
  });
  it('leaves FQDNs, single labels, IPs, file names and upper-case words alone', () => {
    assert.deepEqual(partialServiceNames('orders.shop.svc.cluster.local orders 10.0.0.1 C:\\app\\web.config Foo.Bar example.com/x').map((f) => f.name), ['example.com']);
  });
  it('gives the same names on every call, one after another (one shared global RegExp)', () => {
    const text = 'orders.shop:80 then redis.cache.svc';
    const first = partialServiceNames(text);
    assert.deepEqual(first.map((f) => f.name), ['orders.shop', 'redis.cache.svc']);
    assert.deepEqual(partialServiceNames('db.data'), [{ name: 'db.data', service: 'db', namespace: 'data', svcSuffix: false }]);
    assert.deepEqual(partialServiceNames(text), first);
  });
  it('finds nothing in a string without a dot', () => {
    assert.deepEqual(partialServiceNames('Production --port=8080 orders'), []);
  });
});

const service = `apiVersion: v1
kind: Service
metadata: { name: orders, namespace: shop }
spec:
  selector: { app: orders }
  ports: [{ port: 80 }]
`;

ruleTester(windowsDnsSuffix, {
  valid: [
    {
      name: 'FQDNs and bare names; a.b names that are not Services of the input (example.com); Linux pods',
      yaml: `${service}---
apiVersion: v1
kind: Pod
metadata: { name: w, namespace: web }
spec:
  os: { name: windows }
  containers:
    - name: c
      image: mcr.microsoft.com/windows/servercore:ltsc2022
      env:
        - { name: ORDERS, value: "http://orders.shop.svc.cluster.local" }
        - { name: LOCAL, value: "http://frontend:80" }
        - { name: SITE, value: "https://example.com" }
---
apiVersion: v1
kind: Pod
metadata: { name: l, namespace: web }
spec:
  dnsConfig: { searches: [corp.example] }
  containers: [{ name: c, image: nginx:1.27, args: ["--upstream=orders.shop:80"] }]
`,
    },
    {
      name: 'dnsPolicy None with a single search suffix; odd shapes',
      yaml: `apiVersion: v1
kind: Pod
metadata: { name: w }
spec:
  os: { name: windows }
  dnsPolicy: None
  dnsConfig: { nameservers: [10.0.0.10], searches: [web.svc.cluster.local] }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022, env: [{ name: X, value: 7 }, "odd"], args: [null] }]
---
apiVersion: v1
kind: Pod
metadata: { name: x }
spec:
  os: { name: windows }
  dnsConfig: { searches: "corp.example" }
  containers: [{ name: c, image: mcr.microsoft.com/windows/servercore:ltsc2022 }]
`,
    },
  ],
  invalid: [
    {
      name: 'svc.ns (Service after the workload), svc.ns.svc, and extra search suffixes on a Windows Deployment',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: web }
spec:
  template:
    spec:
      nodeSelector: { kubernetes.io/os: windows }
      dnsConfig:
        searches: [corp.example, svc.cluster.local]
      containers:
        - name: web
          image: mcr.microsoft.com/windows/servercore:ltsc2022
          args: ["--cache=redis.cache.svc:6379"]
          env:
            - name: ORDERS_URL
              value: http://orders.shop/api
---
${service}`,
      errors: [
        { messageId: 'searches', line: 9, path: '/spec/template/spec/dnsConfig/searches/0', severity: 'warning', message: 'these 2 entries are not searched' },
        { messageId: 'partialName', line: 13, path: '/spec/template/spec/containers/0/args/0', message: '"redis.cache.svc"' },
        { messageId: 'partialName', line: 16, path: '/spec/template/spec/containers/0/env/0/value', message: 'Use the full name orders.shop.svc.cluster.local' },
      ],
    },
  ],
});
