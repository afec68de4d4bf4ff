#!/usr/bin/python3
"""Regenerate p6r_frames.txt: every frame of the captures below that TShark
dissects as SNMP, RADIUS, LDAP, Kerberos, QUIC or CDP, with the values
tshark gives for the fields listed here, the link type and the frame bytes.

TShark dissects statelessly (TCP desegmentation and IP reassembly off);
QUIC frames are dissected one at a time, so each client Initial is
decrypted with the keys of its own Destination Connection ID. Field values
of one frame are joined with "|" in the order tshark shows them. Columns:
proto, file, frame, linktype, malformed, fields (JSON), framehex.

Usage (from layers/): /usr/bin/python3 testdata/p6r_frames_gen.py
[CORPUS_DIR] > testdata/p6r_frames.txt"""
import json, os, re, subprocess, sys, tempfile
from scapy.utils import RawPcapReader, RawPcapNgReader

CORPUS = sys.argv[1] if len(sys.argv) > 1 else '../../shared/corpus'

PROTOS = [
    ('snmp', 'snmp', ['generated/daemons/snmp.pcap'],
     'snmp.version snmp.community snmp.data snmp.request_id snmp.error_status snmp.error_index '
     'snmp.non_repeaters snmp.max_repetitions snmp.enterprise snmp.agent_addr snmp.generic_trap '
     'snmp.specific_trap snmp.time_stamp snmp.name snmp.value.int snmp.value.octets snmp.value.oid '
     'snmp.value.ipv4 snmp.value.counter snmp.value.g32 snmp.value.timeticks snmp.msgVersion snmp.msgID '
     'snmp.msgMaxSize snmp.msgFlags snmp.msgSecurityModel snmp.msgAuthoritativeEngineID '
     'snmp.msgAuthoritativeEngineBoots snmp.msgAuthoritativeEngineTime snmp.msgUserName '
     'snmp.msgAuthenticationParameters snmp.msgPrivacyParameters snmp.contextEngineID snmp.contextName '
     'snmp.encryptedPDU'),
    ('radius', 'radius', ['generated/daemons/radius.pcap', 'tcpdump/RADIUS-RFC5176.pcap',
                          'pcapplusplus/radius_1_2_11.pcap'],
     'radius.code radius.id radius.length radius.authenticator radius.avp.type radius.avp.length '
     'radius.avp.vendor_id radius.User_Name radius.NAS_IP_Address radius.Message_Authenticator'),
    ('ldap', 'ldap', ['generated/daemons/ldap.pcap', 'pcapplusplus/ldap.pcapng'],
     'ldap.messageID ldap.protocolOp ldap.version ldap.name ldap.simple ldap.mechanism ldap.resultCode '
     'ldap.matchedDN ldap.errorMessage ldap.baseObject ldap.scope ldap.derefAliases ldap.sizeLimit '
     'ldap.timeLimit ldap.typesOnly ldap.objectName ldap.type ldap.entry ldap.object ldap.newrdn '
     'ldap.deleteoldrdn ldap.requestName ldap.responseName ldap.attributeDesc ldap.assertionValue '
     'ldap.operation ldap.controlType ldap.abandonRequest'),
    ('kerberos', 'kerberos', ['generated/daemons/kerberos.pcap', 'tcpdump/afs.pcap'],
     'kerberos.pvno kerberos.msg_type kerberos.padata_type kerberos.kdc_options kerberos.name_type '
     'kerberos.CNameString kerberos.SNameString kerberos.realm kerberos.crealm kerberos.till '
     'kerberos.nonce kerberos.ENCTYPE kerberos.etype kerberos.kvno kerberos.tkt_vno kerberos.error_code '
     'kerberos.stime kerberos.susec kerberos.e_text'),
    ('quic', 'quic', ['tcpdump/quic_vn.pcap'],
     'quic.header_form quic.long.packet_type quic.version quic.dcid quic.scid quic.token_length '
     'quic.length quic.supported_version quic.packet_number quic.frame_type quic.crypto.offset '
     'quic.crypto.length tls.handshake.type tls.handshake.extensions_server_name tls.handshake.ciphersuite'),
    ('cdp', 'cdp', ['tcpdump/3560_CDP.pcap', 'pcapplusplus/VlanPackets.pcap', 'tcpdump/various_gre.pcap',
                    'generated/daemons/lldp.pcap'],
     'cdp.version cdp.ttl cdp.checksum cdp.checksum.status cdp.tlv.type cdp.tlv.len cdp.deviceid cdp.portid '
     'cdp.platform cdp.capabilities cdp.native_vlan cdp.duplex cdp.software_version '
     'cdp.vtp_management_domain llc.dsap llc.ssap llc.control llc.oui llc.pid'),
]

OPTS = ['-o', 'tcp.desegment_tcp_streams:FALSE', '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE',
        '-o', 'udp.try_heuristic_first:FALSE']


def frames(path):
    """frame number -> (linktype, bytes, cut short)"""
    out = {}
    try:
        rd = RawPcapNgReader(path)
    except Exception:
        rd = RawPcapReader(path)
    for i, (data, meta) in enumerate(rd, 1):
        lt = getattr(meta, 'linktype', None)
        if lt is None:
            lt = rd.linktype
        wire = getattr(meta, 'wirelen', len(data))
        out[str(i)] = (lt, data, wire > len(data))
    return out


def tshark(path, filt, fields, extra=()):
    args = ['tshark', '-n', '-r', path] + OPTS + list(extra) + ['-Y', filt, '-T', 'fields', '-E', 'occurrence=a',
                                                              '-E', 'aggregator=|', '-E', 'separator=\t',
                                                              '-e', 'frame.number', '-e', '_ws.malformed',
                                                              '-e', '_ws.expert.severity']
    for f in fields:
        args += ['-e', f]
    res = subprocess.run(args, capture_output=True, text=True).stdout
    rows = []
    for line in res.splitlines():
        cols = line.split('\t')
        rows.append(cols)
    return rows


def ldap_filters(path, n):
    """The outermost Filter: lines tshark prints for frame n, in order."""
    res = subprocess.run(['tshark', '-n', '-r', path] + OPTS + ['-Y', 'frame.number==%s' % n, '-O', 'ldap', '-V'],
                         capture_output=True, text=True).stdout
    lines = [l for l in res.splitlines() if re.match(r'^\s+Filter: ', l)]
    if not lines:
        return None
    ind = min(len(l) - len(l.lstrip()) for l in lines)
    return '|'.join(l.strip()[len('Filter: '):] for l in lines if len(l) - len(l.lstrip()) == ind)


def main():
    print('# SNMP, RADIUS, LDAP, Kerberos, QUIC and CDP frames of /work/shared/corpus, with the values TShark')
    print('# gives for them (see p6r_frames_gen.py, which wrote this file). Columns: proto, file, frame, linktype,')
    print('# malformed, fields (JSON, values of a field joined with "|"), framehex.')
    for proto, filt, files, fields in PROTOS:
        fields = fields.split()
        for f in files:
            path = os.path.join(CORPUS, f)
            fr = frames(path)
            if proto == 'quic':
                rows = []
                for n in sorted(fr, key=int):
                    with tempfile.NamedTemporaryFile(suffix='.pcap') as tmp:
                        subprocess.run(['editcap', '-r', path, tmp.name, n], check=True, capture_output=True)
                        for cols in tshark(tmp.name, filt, fields):
                            cols[0] = n
                            rows.append(cols)
            else:
                rows = tshark(path, filt, fields)
            for cols in rows:
                n = cols[0]
                lt, data, cut = fr[n]
                sev = cols[2].split('|') if cols[2] else []
                malformed = cols[1] != '' or cut or any(s in ('8388608',) for s in sev)
                vals = {}
                for k, v in zip(fields, cols[3:]):
                    if v != '':
                        vals[k] = v
                if proto == 'ldap':
                    ft = ldap_filters(path, n)
                    if ft is not None:
                        vals['ldap.filter_text'] = ft
                print('\t'.join([proto, f, n, str(lt), '1' if malformed else '0',
                                 json.dumps(vals, sort_keys=True), data.hex()]))


main()
