#!/usr/bin/python3
"""Regenerates tlskit's cipher-suite tables from sources reachable offline.

    /usr/bin/python3 tls-api/tools/gen_cipher_tables.py

Writes
  tls-api/src/main/resources/dev/tlskit/ciphers/suites.csv     the registry tlskit loads at run time
  tls-api/src/test/resources/dev/tlskit/ciphers/tls-parameters-4.csv
                                                               the IANA "TLS Cipher Suites" registry as IANA
                                                               publishes it (Value,Description,DTLS-OK,Recommended,
                                                               Reference), reconstructed; see README.md beside it

Sources: the local `openssl` 3.0 CLI (`ciphers -V -stdname`, one query per alias), CPython's `ssl` on the same
OpenSSL (`get_ciphers()` for strength_bits/alg_bits), the JDK's SunJSSE table of known suite names
(sun.security.ssl.CipherSuite, read by reflection), and the IANA registry entries none of those know, written out
below (EXTRA) from RFC 8998, RFC 8442, RFC 9150, RFC 9189, RFC 7905 and RFC 8446.
"""
import json, os, re, ssl, subprocess, sys, tempfile, heapq

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OPENSSL = 'openssl'

def ossl(rule):
    p = subprocess.run([OPENSSL, 'ciphers', '-V', '-stdname', rule], capture_output=True, text=True)
    if p.returncode != 0:
        return []
    out = []
    for line in p.stdout.splitlines():
        m = re.match(r'\s*0x(..),0x(..) - (\S+)\s+- (\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)\s+Enc=(\S+)\s+Mac=(\S+)', line)
        if m:
            out.append(dict(code=int(m[1] + m[2], 16), std=m[3], name=m[4], ver=m[5], kx=m[6], au=m[7], enc=m[8], mac=m[9]))
    return out

JSSE_DUMP = r'''
import java.lang.reflect.*;
public class D { public static void main(String[] a) throws Exception {
  Class<?> c = Class.forName("sun.security.ssl.CipherSuite");
  Field id = c.getDeclaredField("id"); id.setAccessible(true);
  Field nm = c.getDeclaredField("name"); nm.setAccessible(true);
  for (Object o : c.getEnumConstants()) System.out.printf("%d %s%n", id.get(o), nm.get(o));
}}
'''

def jsse_names():
    d = tempfile.mkdtemp()
    src = os.path.join(d, 'D.java')
    open(src, 'w').write(JSSE_DUMP)
    out = subprocess.run(['java', '--add-opens', 'java.base/sun.security.ssl=ALL-UNNAMED', src],
                         capture_output=True, text=True, check=True).stdout
    res = {}
    for line in out.splitlines():
        code, name = line.split()
        res[int(code)] = name
    return res

# IANA entries that neither OpenSSL 3.0 nor SunJSSE 17 name.
EXTRA = {
    0x00C6: 'TLS_SM4_GCM_SM3', 0x00C7: 'TLS_SM4_CCM_SM3',
    0xC0B0: 'TLS_ECCPWD_WITH_AES_128_GCM_SHA256', 0xC0B1: 'TLS_ECCPWD_WITH_AES_256_GCM_SHA384',
    0xC0B2: 'TLS_ECCPWD_WITH_AES_128_CCM_SHA256', 0xC0B3: 'TLS_ECCPWD_WITH_AES_256_CCM_SHA384',
    0xC0B4: 'TLS_SHA256_SHA256', 0xC0B5: 'TLS_SHA384_SHA384',
    0xC100: 'TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC', 0xC101: 'TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC',
    0xC102: 'TLS_GOSTR341112_256_WITH_28147_CNT_IMIT', 0xC103: 'TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L',
    0xC104: 'TLS_GOSTR341112_256_WITH_MAGMA_MGM_L', 0xC105: 'TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S',
    0xC106: 'TLS_GOSTR341112_256_WITH_MAGMA_MGM_S',
    0xCCAB: 'TLS_PSK_WITH_CHACHA20_POLY1305_SHA256', 0xCCAC: 'TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256',
    0xCCAD: 'TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256', 0xCCAE: 'TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256',
    0xD001: 'TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256', 0xD002: 'TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384',
    0xD003: 'TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256', 0xD005: 'TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256',
    0x1304: 'TLS_AES_128_CCM_SHA256', 0x1305: 'TLS_AES_128_CCM_8_SHA256',
}
# SunJSSE names for codes IANA never assigned (vendor, SSL 3.0 drafts): not in the registry.
NOT_IANA = set(range(0x0060, 0x0067)) | {0x001C, 0x001D, 0xFFE0, 0xFFE1, 0xFEFE, 0xFEFF}
SCSV = {0x00FF, 0x5600}

KX = [('GOSTR341112_256', 'GOST', 'GOST'), ('ECDHE_ECDSA', 'ECDHE', 'ECDSA'), ('ECDHE_RSA', 'ECDHE', 'RSA'),
      ('ECDHE_PSK', 'ECDHE_PSK', 'PSK'), ('ECDH_ECDSA', 'ECDH', 'ECDSA'), ('ECDH_RSA', 'ECDH', 'RSA'),
      ('ECDH_anon', 'ECDHE', 'ANON'), ('DHE_DSS', 'DHE', 'DSS'), ('DHE_RSA', 'DHE', 'RSA'), ('DHE_PSK', 'DHE_PSK', 'PSK'),
      ('PSK_DHE', 'DHE_PSK', 'PSK'), ('DH_DSS', 'DH', 'DSS'), ('DH_RSA', 'DH', 'RSA'), ('DH_anon', 'DHE', 'ANON'),
      ('RSA_PSK', 'RSA_PSK', 'RSA'), ('RSA', 'RSA', 'RSA'), ('PSK', 'PSK', 'PSK'), ('KRB5', 'KRB5', 'KRB5'),
      ('SRP_SHA_RSA', 'SRP', 'RSA'), ('SRP_SHA_DSS', 'SRP', 'DSS'), ('SRP_SHA', 'SRP', 'SRP'),
      ('ECCPWD', 'ECCPWD', 'ECCPWD'), ('NULL', 'NULL', 'NULL')]
ENC = [('NULL', 'NULL', 0), ('RC4_40', 'RC4', 40), ('RC4_128', 'RC4', 128), ('RC2_CBC_40', 'RC2', 40),
       ('IDEA_CBC', 'IDEA', 128), ('DES40_CBC', 'DES', 40), ('DES_CBC_40', 'DES', 40), ('DES_CBC', 'DES', 56),
       ('3DES_EDE_CBC', '3DES', 168), ('AES_128_CBC', 'AES', 128), ('AES_256_CBC', 'AES', 256),
       ('AES_128_GCM', 'AESGCM', 128), ('AES_256_GCM', 'AESGCM', 256), ('AES_128_CCM_8', 'AESCCM8', 128),
       ('AES_256_CCM_8', 'AESCCM8', 256), ('AES_128_CCM', 'AESCCM', 128), ('AES_256_CCM', 'AESCCM', 256),
       ('CAMELLIA_128_CBC', 'CAMELLIA', 128), ('CAMELLIA_256_CBC', 'CAMELLIA', 256),
       ('CAMELLIA_128_GCM', 'CAMELLIAGCM', 128), ('CAMELLIA_256_GCM', 'CAMELLIAGCM', 256),
       ('ARIA_128_CBC', 'ARIA', 128), ('ARIA_256_CBC', 'ARIA', 256), ('ARIA_128_GCM', 'ARIAGCM', 128),
       ('ARIA_256_GCM', 'ARIAGCM', 256), ('SEED_CBC', 'SEED', 128), ('CHACHA20_POLY1305', 'CHACHA20', 256),
       ('KUZNYECHIK_CTR', 'KUZNYECHIK', 256), ('MAGMA_CTR', 'MAGMA', 256), ('28147_CNT', 'GOST89', 256),
       ('KUZNYECHIK_MGM', 'KUZNYECHIKMGM', 256), ('MAGMA_MGM', 'MAGMAMGM', 256)]
AEAD_ENC = {'AESGCM', 'AESCCM', 'AESCCM8', 'CAMELLIAGCM', 'ARIAGCM', 'CHACHA20', 'SM4GCM', 'SM4CCM',
            'KUZNYECHIKMGM', 'MAGMAMGM'}

def parse_iana(code, name):
    """kx, auth, enc, bits, mac, export, min version of an IANA name (generator only; the runtime reads the CSV)."""
    if code in SCSV:
        return dict(kx='SCSV', auth='NULL', enc='NULL', bits=0, mac='NULL', export=False, ver='SSLv3')
    if code in (0x00C6, 0x00C7):
        return dict(kx='ANY', auth='ANY', enc='SM4GCM' if code == 0xC6 else 'SM4CCM', bits=128, mac='AEAD',
                    export=False, ver='TLSv1.3')
    if 0x1301 <= code <= 0x13FF:
        body = name[4:]
        enc = next(e for e in ENC if body.startswith(e[0]))
        return dict(kx='ANY', auth='ANY', enc=enc[1], bits=enc[2], mac='AEAD', export=False, ver='TLSv1.3')
    if code in (0xC0B4, 0xC0B5):
        return dict(kx='ANY', auth='ANY', enc='NULL', bits=0, mac='SHA256' if code == 0xC0B4 else 'SHA384',
                    export=False, ver='TLSv1.3')
    rest = name[4:]
    head, tail = rest.split('_WITH_')
    export = head.endswith('_EXPORT') or head.endswith('_EXPORT1024')
    head = head.replace('_EXPORT1024', '').replace('_EXPORT', '')
    kx, auth = next(((k[1], k[2]) for k in KX if head == k[0]), (None, None))
    if kx is None:
        raise SystemExit('unknown key exchange in %s' % name)
    enc = next(e for e in ENC if tail.startswith(e[0]))
    mactxt = tail[len(enc[0]):].lstrip('_')
    mac = {'MD5': 'MD5', 'SHA': 'SHA1', 'SHA256': 'SHA256', 'SHA384': 'SHA384', '': 'AEAD', '8': 'AEAD',
           'OMAC': 'GOST', 'IMIT': 'GOST', 'NULL': 'NULL', 'L': 'AEAD', 'S': 'AEAD', '8_SHA256': 'AEAD', 'SHA256_8': 'AEAD'}.get(mactxt)
    if mac is None:
        raise SystemExit('cannot parse %s (%r)' % (name, mactxt))
    if enc[1] in AEAD_ENC:
        mac = 'AEAD'
    twelve = mac in ('SHA256', 'SHA384', 'AEAD') or enc[1] in AEAD_ENC
    ver = 'TLSv1.2' if twelve else ('TLSv1' if kx in ('ECDH', 'ECDHE', 'ECDHE_PSK', 'SRP') or code >= 0xC000 else 'SSLv3')
    return dict(kx=kx, auth=auth, enc=enc[1], bits=enc[2], mac=mac, export=export, ver=ver)

def strength_of(p, code):
    if p['kx'] == 'SCSV':
        return 'NONE', 0, 0
    if p['enc'] == 'NULL':
        return 'NONE', 0, 0
    if p['export']:
        return 'EXPORT', 40 if p['bits'] <= 40 or p['enc'] in ('RC4', 'RC2') else 56, 128 if p['enc'] in ('RC4', 'RC2') else 56
    if p['enc'] == '3DES':
        return 'MEDIUM', 112, 168
    if p['enc'] in ('RC4', 'IDEA', 'SEED'):
        return 'MEDIUM', 128, 128
    if p['enc'] == 'DES':
        return 'LOW', 56, 56
    return 'HIGH', p['bits'], p['bits']

OSSL_KX = {'RSA': 'RSA', 'DH': 'DHE', 'ECDH': 'ECDHE', 'PSK': 'PSK', 'RSAPSK': 'RSA_PSK', 'DHEPSK': 'DHE_PSK',
           'ECDHEPSK': 'ECDHE_PSK', 'SRP': 'SRP', 'any': 'ANY'}
OSSL_AU = {'RSA': 'RSA', 'DSS': 'DSS', 'ECDSA': 'ECDSA', 'None': 'ANON', 'PSK': 'PSK', 'SRP': 'SRP', 'any': 'ANY'}
OSSL_ENC = {'AES': 'AES', 'AESGCM': 'AESGCM', 'AESCCM': 'AESCCM', 'AESCCM8': 'AESCCM8', 'Camellia': 'CAMELLIA',
            'ARIAGCM': 'ARIAGCM', 'CHACHA20/POLY1305': 'CHACHA20', 'None': 'NULL'}

def main():
    allrows = ossl('ALL:COMPLEMENTOFALL:@SECLEVEL=0')
    tls13 = [r for r in ossl('COMPLEMENTOFALL:@SECLEVEL=0') if r['ver'] == 'TLSv1.3']
    extra13 = ossl_suites13()
    legacy = [r for r in allrows if r['ver'] != 'TLSv1.3']
    by_code = {r['code']: r for r in legacy}
    # OpenSSL's pre-sorted list: merge the order of every alias query (each is that list restricted to the alias).
    aliases = ['ALL', 'COMPLEMENTOFALL', 'COMPLEMENTOFDEFAULT', 'HIGH', 'MEDIUM', 'LOW', 'FIPS', 'kRSA', 'kDHE',
               'kECDHE', 'kPSK', 'kRSAPSK', 'kECDHEPSK', 'kDHEPSK', 'kSRP', 'aRSA', 'aDSS', 'aNULL', 'aECDSA', 'aPSK',
               'aSRP', 'eNULL', 'AES128', 'AES256', 'AESGCM', 'AESCCM', 'AESCCM8', 'CAMELLIA128', 'CAMELLIA256',
               'CHACHA20', 'ARIA128', 'ARIA256', 'CBC', 'MD5', 'SHA1', 'SHA256', 'SHA384', 'SSLv3', 'TLSv1',
               'TLSv1.2', 'EDH', 'EECDH', 'RSA', 'PSK', 'SRP', 'NULL', 'DH', 'ECDH']
    member = {}
    edges = {c: set() for c in by_code}
    indeg = {c: 0 for c in by_code}
    for a in aliases:
        lst = [r['code'] for r in ossl(a + ':@SECLEVEL=0') if r['ver'] != 'TLSv1.3']
        member[a] = set(lst)
        for x, y in zip(lst, lst[1:]):
            if y not in edges[x]:
                edges[x].add(y)
                indeg[y] += 1
    start = {r['code']: i for i, r in enumerate(legacy)}
    heap = [(start[c], c) for c in by_code if indeg[c] == 0]
    heapq.heapify(heap)
    order = []
    while heap:
        _, c = heapq.heappop(heap)
        order.append(c)
        for y in edges[c]:
            indeg[y] -= 1
            if indeg[y] == 0:
                heapq.heappush(heap, (start[y], y))
    assert len(order) == len(by_code), 'alias orders are inconsistent'
    rank = {c: i for i, c in enumerate(order)}

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.set_ciphers('ALL:COMPLEMENTOFALL:@SECLEVEL=0')
    py = {d['id'] & 0xFFFF: d for d in ctx.get_ciphers()}

    jsse = jsse_names()
    names = {}
    for code, n in jsse.items():
        if code not in NOT_IANA:
            names[code] = 'TLS_' + n[4:] if n.startswith('SSL_') else n
    for r in allrows + extra13:
        names.setdefault(r['code'], r['std'])
    for code, n in EXTRA.items():
        names.setdefault(code, n)

    rows = []
    for code in sorted(names):
        iana = names[code]
        p = parse_iana(code, iana)
        strength, sbits, abits = strength_of(p, code)
        o = by_code.get(code) or next((r for r in tls13 + extra13 if r['code'] == code), None)
        flags = []
        if o is not None:
            p['kx'], p['auth'] = OSSL_KX[o['kx']], OSSL_AU[o['au']]
            m = re.match(r'([^()]+)\((\d+)\)', o['enc'])
            p['enc'], p['bits'] = (OSSL_ENC[m[1]], int(m[2])) if m else ('NULL', 0)
            p['mac'] = o['mac']
            p['ver'] = o['ver']
            d = py.get(code)
            if d is not None:
                sbits, abits = d['strength_bits'], d['alg_bits']
            strength = 'NONE' if p['enc'] == 'NULL' else next(
                s for s in ('HIGH', 'MEDIUM', 'LOW') if code in member[s]) if code in by_code else 'HIGH'
            flags.append('openssl')
            if code in by_code:
                if code in member['FIPS']:
                    flags.append('fips')
                if code in member['COMPLEMENTOFDEFAULT']:
                    flags.append('not_default')
        rows.append([f'0x{code:04X}', iana, o['name'] if o else '', jsse.get(code, ''), p['ver'], p['kx'],
                     p['auth'], p['enc'], str(p['bits']), p['mac'], 'true' if p['mac'] == 'AEAD' else 'false',
                     strength, str(sbits), str(abits), ' '.join(flags), str(rank[code]) if code in rank else ''])
    out = os.path.join(ROOT, 'tls-api/src/main/resources/dev/tlskit/ciphers/suites.csv')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w') as f:
        f.write('# tlskit cipher-suite registry: every suite of the IANA TLS Cipher Suites registry, keyed by code.\n')
        f.write('# Generated by tls-api/tools/gen_cipher_tables.py from OpenSSL 3.0 (`openssl ciphers`), CPython ssl\n')
        f.write('# get_ciphers() and SunJSSE 17; do not edit by hand. Columns: see CipherSuite.java.\n')
        f.write('# ossl_rank: position in the list OpenSSL 3.0 pre-sorts before it applies a cipher string.\n')
        f.write('code,iana,openssl,jsse,protocol,kx,auth,enc,enc_bits,mac,aead,strength,strength_bits,alg_bits,flags,ossl_rank\n')
        for r in rows:
            f.write(','.join(r) + '\n')
    write_iana(names)
    print(len(rows), 'suites;', len(order), 'in OpenSSL order')

def ossl_suites13():
    p = subprocess.run([OPENSSL, 'ciphers', '-V', '-stdname', '-ciphersuites',
                        'TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256', 'AES128-SHA'], capture_output=True, text=True)
    out = []
    for line in p.stdout.splitlines():
        m = re.match(r'\s*0x(..),0x(..) - (\S+)\s+- (\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)\s+Enc=(\S+)\s+Mac=(\S+)', line)
        if m and m[5] == 'TLSv1.3':
            out.append(dict(code=int(m[1] + m[2], 16), std=m[3], name=m[4], ver=m[5], kx=m[6], au=m[7], enc=m[8], mac=m[9]))
    return out

RECOMMENDED = {0x009E, 0x009F, 0x00AA, 0x00AB, 0x1301, 0x1302, 0x1303, 0x1304, 0xC02B, 0xC02C, 0xC02F, 0xC030,
               0xC09E, 0xC09F, 0xC0A6, 0xC0A7, 0xC0AC, 0xC0AD, 0xCCA8, 0xCCA9, 0xCCAA, 0xCCAC, 0xCCAD, 0xD001,
               0xD002, 0xD005}

def reference(code, name):
    if code in SCSV:
        return '[RFC5746]' if code == 0x00FF else '[RFC7507]'
    if 0x1301 <= code <= 0x1305:
        return '[RFC8446]'
    if code in (0x00C6, 0x00C7):
        return '[RFC8998]'
    if 0xC0B0 <= code <= 0xC0B3:
        return '[RFC8492]'
    if code in (0xC0B4, 0xC0B5):
        return '[RFC9150]'
    if 0xC100 <= code <= 0xC102:
        return '[RFC9189]'
    if 0xC103 <= code <= 0xC106:
        return '[RFC9367]'
    if 0xCCA8 <= code <= 0xCCAE:
        return '[RFC7905]'
    if 0xD001 <= code <= 0xD005:
        return '[RFC8442]'
    if 'KRB5' in name:
        return '[RFC2712]'
    if 'SEED' in name:
        return '[RFC4162]'
    if 'CAMELLIA' in name:
        return '[RFC6367]' if code >= 0xC000 else '[RFC5932]'
    if 'ARIA' in name:
        return '[RFC6209]'
    if '_CCM' in name:
        return '[RFC6655]' if 'ECDHE' not in name else '[RFC7251]'
    if 'SRP' in name:
        return '[RFC5054]'
    if 'ECDHE_PSK' in name:
        return '[RFC5489]'
    if code >= 0xC001 and code <= 0xC019:
        return '[RFC8422]'
    if code >= 0xC023 and code <= 0xC032:
        return '[RFC5289]'
    if 'PSK' in name:
        return '[RFC5487]' if code >= 0x00A8 else ('[RFC4785]' if 'NULL' in name else '[RFC4279]')
    if '_GCM_' in name:
        return '[RFC5288]'
    if 'RC4' in name:
        return '[RFC5246][RFC6347]'
    if 'IDEA' in name or ('DES' in name and '3DES' not in name) or 'EXPORT' in name or 'RC2' in name:
        return '[RFC8996]'
    return '[RFC5246]'

def write_iana(names):
    out = os.path.join(ROOT, 'tls-api/src/test/resources/dev/tlskit/ciphers/tls-parameters-4.csv')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    reserved = [(0x001C, 0x001D, 'Reserved to avoid conflicts with SSLv3', '[RFC5246]'),
                (0x0047, 0x004F, 'Reserved to avoid conflicts with deployed implementations', '[Pasi_Eronen]'),
                (0x0050, 0x0058, 'Reserved to avoid conflicts', '[Pasi Eronen, <pasi.eronen&nokia.com>, 2008-04-04.  2008-04-04]'),
                (0x0059, 0x005C, 'Reserved to avoid conflicts with deployed implementations', '[Pasi_Eronen]'),
                (0x005D, 0x005F, 'Unassigned', ''),
                (0x0060, 0x0066, 'Reserved to avoid conflicts with widely deployed implementations', '[Pasi_Eronen]'),
                (0x006E, 0x0083, 'Unassigned', ''),
                (0x00C8, 0x00FE, 'Unassigned', ''),
                (0x0100, 0x12FF, 'Unassigned', ''),
                (0x1306, 0x55FF, 'Unassigned', ''),
                (0x5601, 0xC000, 'Unassigned', ''),
                (0xC0B6, 0xC0FF, 'Unassigned', ''),
                (0xC107, 0xCCA7, 'Unassigned', ''),
                (0xCCAF, 0xD000, 'Unassigned', ''),
                (0xD006, 0xFEFD, 'Unassigned', ''),
                (0xFEFE, 0xFEFF, 'Reserved to avoid conflicts with widely deployed implementations', '[Pasi_Eronen]'),
                (0xFF00, 0xFFFF, 'Reserved for Private Use', '[RFC8446]')]
    entries = []
    for code, n in names.items():
        dtls = 'N' if 'RC4' in n else 'Y'
        rec = 'Y' if code in RECOMMENDED else 'N'
        entries.append((code, code, '"0x%02X,0x%02X",%s,%s,%s,%s' % (code >> 8, code & 0xFF, n, dtls, rec, reference(code, n))))
    entries.append((0xD004, 0xD004, '"0xD0,0x04",Unassigned,,,'))
    for lo, hi, desc, ref in reserved:
        if lo == hi:
            v = '"0x%02X,0x%02X"' % (lo >> 8, lo & 0xFF)
        elif lo >> 8 == hi >> 8:
            v = '"0x%02X,0x%02X-%02X"' % (lo >> 8, lo & 0xFF, hi & 0xFF)
        else:
            v = '"0x%02X-%02X,*"' % (lo >> 8, hi >> 8) if (lo & 0xFF) == 0 and (hi & 0xFF) == 0xFF else \
                '"0x%02X,0x%02X-0x%02X,0x%02X"' % (lo >> 8, lo & 0xFF, hi >> 8, hi & 0xFF)
        entries.append((lo, hi, '%s,%s,%s,%s,%s' % (v, desc, '' if desc == 'Unassigned' else 'Y' if 'Private' in desc else 'N', 'N' if desc != 'Unassigned' else '', ref)))
    entries.sort()
    with open(out, 'w') as f:
        f.write('Value,Description,DTLS-OK,Recommended,Reference\n')
        for e in entries:
            f.write(e[2] + '\n')

if __name__ == '__main__':
    main()
