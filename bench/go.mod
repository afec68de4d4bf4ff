module github.com/goscapy/goscapy/bench

go 1.26.0

require (
	github.com/google/gopacket v1.1.19
	github.com/goscapy/goscapy v0.0.0
	golang.org/x/sys v0.50.0
)

require golang.org/x/net v0.62.0 // indirect

replace github.com/goscapy/goscapy => ../
