package bpf

// Classic BPF opcode fields (linux/filter.h, pcap/bpf.h).
const (
	clsLD   = 0x00
	clsLDX  = 0x01
	clsST   = 0x02
	clsSTX  = 0x03
	clsALU  = 0x04
	clsJMP  = 0x05
	clsRET  = 0x06
	clsMISC = 0x07

	szW = 0x00
	szH = 0x08
	szB = 0x10

	mIMM = 0x00
	mABS = 0x20
	mIND = 0x40
	mMEM = 0x60
	mLEN = 0x80
	mMSH = 0xa0

	aluADD = 0x00
	aluSUB = 0x10
	aluMUL = 0x20
	aluDIV = 0x30
	aluOR  = 0x40
	aluAND = 0x50
	aluLSH = 0x60
	aluRSH = 0x70
	aluNEG = 0x80
	aluMOD = 0x90
	aluXOR = 0xa0

	jmpJA   = 0x00
	jmpJEQ  = 0x10
	jmpJGT  = 0x20
	jmpJGE  = 0x30
	jmpJSET = 0x40

	srcK = 0x00
	srcX = 0x08

	retK = 0x00
	retA = 0x10

	miscTAX = 0x00
	miscTXA = 0x80
)

// Jump codes used by the code generator (always the K form).
const (
	jeq  uint16 = clsJMP | jmpJEQ | srcK
	jgt  uint16 = clsJMP | jmpJGT | srcK
	jge  uint16 = clsJMP | jmpJGE | srcK
	jset uint16 = clsJMP | jmpJSET | srcK
)

func bpfClass(code uint16) uint16 { return code & 0x07 }
func bpfMode(code uint16) uint16  { return code & 0xe0 }
func bpfOp(code uint16) uint16    { return code & 0xf0 }
func bpfSrc(code uint16) uint16   { return code & 0x08 }
func bpfSize(code uint16) uint16  { return code & 0x18 }
