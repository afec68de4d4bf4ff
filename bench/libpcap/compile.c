/*
 * compile times libpcap's pcap_compile (optimizer on, as tcpdump runs it)
 * for each expression given, on Ethernet with tcpdump's snaplen, for the
 * side-by-side with bpf.Compile (BenchmarkCompile in ../../bpf).
 *
 * Build with Debian's libpcap0.8 (no headers needed):
 *
 *   gcc -O2 -o /tmp/pcapcompile bench/libpcap/compile.c /usr/lib/x86_64-linux-gnu/libpcap.so.0.8
 *   /tmp/pcapcompile 20000 "tcp port 80" "port 80 or 443 or 53"
 *
 * It prints the mean time per compile of each expression over N compiles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct bpf_program {
	unsigned int bf_len;
	void *bf_insns;
};
typedef struct pcap pcap_t;
pcap_t *pcap_open_dead(int linktype, int snaplen);
int pcap_compile(pcap_t *p, struct bpf_program *fp, const char *str, int optimize, unsigned int netmask);
void pcap_freecode(struct bpf_program *fp);
char *pcap_geterr(pcap_t *p);

int main(int argc, char **argv) {
	if (argc < 3) {
		fprintf(stderr, "usage: %s N EXPR...\n", argv[0]);
		return 2;
	}
	int n = atoi(argv[1]);
	pcap_t *p = pcap_open_dead(1, 262144);
	for (int a = 2; a < argc; a++) {
		struct bpf_program prog;
		struct timespec t0, t1;
		unsigned int len = 0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < n; i++) {
			if (pcap_compile(p, &prog, argv[a], 1, 0) != 0) {
				fprintf(stderr, "%s: %s\n", argv[a], pcap_geterr(p));
				return 1;
			}
			len = prog.bf_len;
			pcap_freecode(&prog);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
		printf("%8.0f ns  %3u instructions  %s\n", ns / n, len, argv[a]);
	}
	return 0;
}
