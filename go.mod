module github.com/goscapy/goscapy

go 1.26
