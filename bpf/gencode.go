package bpf

import (
	"fmt"
	"sync"
)

// The code generator follows libpcap's gencode.c: each primitive becomes a
// small graph of blocks (a list of statements ending in a conditional
// jump), and the boolean operators join the graphs by back-patching the
// unresolved exits, using the 'sense' trick of the original.

// Data link types (DLT_*). LINKTYPE_RAW (101) and the other raw-IP values
// map to dltRaw.
const (
	dltEN10MB   = 1
	dltRaw      = 12
	dltRawBSD   = 14
	dltPPP      = 9
	dltLinkRaw  = 101
	dltLinuxSLL = 113
	dltIPv4     = 228
	dltIPv6     = 229
	dltSLL2     = 276
)

const offsetNotSet = 0xffffffff

// Ethernet types and SAPs used by the generator.
const (
	ethertypeIP       = 0x0800
	ethertypeARP      = 0x0806
	ethertypeRevARP   = 0x8035
	ethertypeIPv6     = 0x86dd
	ethertypeIPX      = 0x8137
	ethertypeAtalk    = 0x809b
	ethertypeAARP     = 0x80f3
	ethertypeDN       = 0x6003
	ethertypeLAT      = 0x6004
	ethertypeSCA      = 0x6007
	ethertypeMOPDL    = 0x6001
	ethertypeMOPRC    = 0x6002
	ethertypeNS       = 0x0600
	ethertype8021Q    = 0x8100
	ethertype8021AD   = 0x88a8
	ethertypeQinQ     = 0x9100
	ethertypeMPLS     = 0x8847
	ethertypePPPoED   = 0x8863
	ethertypePPPoES   = 0x8864
	ethertypeLoopback = 0x9000

	llcsapIP      = 0x06
	llcsapISONS   = 0xfe
	llcsapNetbeui = 0xf0
	llcsapIPX     = 0xe0
	llcsap8021D   = 0x42
	llcsapSNAP    = 0xaa

	ethermtu = 1500

	sllP8022 = 0x0004
	sllP8023 = 0x0001

	pppIP        = 0x0021
	pppIPv6      = 0x0057
	pppDECnet    = 0x0027
	pppApple     = 0x0029
	pppNS        = 0x003f
	pppOSI       = 0x0023
	pppBRPDU     = 0x0031
	pppIPX       = 0x002b
	pppMPLSUcast = 0x0281

	iso8473CLNP  = 0x81
	iso9542ESIS  = 0x82
	iso10589ISIS = 0x83

	protoUndef = -1
)

// Offsets relative to which gen_load_a loads (libpcap's e_offrel).
type offrel uint8

const (
	orPacket offrel = iota
	orLinkhdr
	orPrevlinkhdr
	orLLC
	orPrevMPLShdr
	orLinktype
	orLinkpl
	orLinkplNosnap
	orTranIPv4
	orTranIPv6
)

type stmt struct {
	code uint16
	k    uint32
}

// The fields every optimizer pass reads come first, so that they share
// a cache line.
type block struct {
	code   uint16 // conditional jump, or clsRET|retK
	sense  bool
	hasSt  bool // optimizer: the block stores to memory
	k      uint32
	jt, jf *block

	// optimizer state
	mark   int32
	order  int32
	npred  int32
	tv     int32 // value tested (A)
	tx     int32 // X value, for jumps with srcX
	level  int32 // 0 for returns, else 1 + the highest successor level
	insPos int32
	tkind  uint8 // testUnknown, testScan, testFalse or testTrue
	dead   bool
	// jumps is set by the optimizer when the block's statements
	// include jumps (the TCI selection of genVlanLive), whose targets
	// are fixed: no statement may be removed from such a block.
	jumps bool
	tf    fact // the test, as a fact with the outcome false
	tq    fact // the test as outcome looks it up (an X operand known constant replaced by it)
	teq   fact // the low half of a fact that decides tq by equality with another constant

	stmts  []stmt
	head   *block
	facts  []fact
	fstart int32  // index of facts[0] in the optimizer's fact arena
	dup    *block // dedup: the block this one duplicates
	lnext  *block // pullups: the next block of the same level
	// phead and ptail are the first and last nodes of the block's
	// predecessor list (see pnode); -1 when it is empty.
	phead, ptail int32
	// vs sums up, for values, what the statements do to A and X, and
	// sid is the index of their entry in number's memo, the same for
	// blocks with the same statements (see number).
	vs  stmtSum
	sid int32
	// exitAX holds the values of A and X at exit as valuesAX numbers
	// them, in its low and high halves.
	exitAX uint64
	// fsig has bit v&63 set for the value v of every fact in facts
	// (and maybe other bits), so that a test on a value whose bit is
	// clear is known not to be decided by them without a scan (see
	// valBit). blockFacts sets both.
	fsig uint64
	// lslot is the index of the block in the optimizer's lslots (see
	// levels).
	lslot int32
	// gid names the statements the generator made for the block (see
	// compiler.nids), 0 if none: blocks given the same gid were given
	// the same statements, in lists of no spare capacity. Number takes
	// the block's statements to be those while they fill their
	// capacity and begin and end as those of the first block it found
	// with the id: before number, a pass that drops statements (peep)
	// shortens the list, and one that adds some (the offsets of live
	// programs) makes a new one, which begins with them.
	gid int32
}

type compiler struct {
	linktype     uint32
	prevlinktype uint32
	offLinkhdr   uint32
	offPrevlink  uint32
	offLinkpl    uint32
	offLinktype  uint32
	offNl        uint32
	offNlNosnap  uint32
	labelDepth   int
	vlanDepth    int
	live         bool // compile for a live socket (CompileOptions.Live)
	vlVar        bool // offLinkpl and offLinktype have variable parts in M[regLinkpl], M[regLinktype]
	snaplen      uint32
	netmask      uint32
	pos          int
	err          *Error
	ws           *workspace

	// The statement arena: statements are taken from ws.schunks[schunk-1],
	// scur, whose last sleft are free. They are here rather than in the
	// workspace, one indirection closer, and newCompiler resets them with
	// the rest.
	schunk int
	scur   *[stmtChunk]stmt
	sleft  int

	// Statement list ids (block.gid), for the lists number would
	// otherwise hash whole: the loads of the ports of IPv4 with
	// variable offsets, made again for each protocol and port. nids
	// have been given out, 1 to nids; portIDs holds those of the last
	// call of genPortopQuick or genPortrangeopQuick that named its
	// lists.
	nids    int32
	portIDs portIDs
}

// portIDs holds the ids of the lists of the port loads of a call of
// genPortopQuick or genPortrangeopQuick: of the first port compared (a)
// and of the second (b, if two). They depend on the offset nl of the
// network header and those of the ports (off1, and two), nothing else.
type portIDs struct {
	nl, off1 uint32
	two      bool
	a, b     int32 // a is 0 until a call has set them
}

// portLists returns the ids of the lists of the port loads for the
// offsets nl, off1 and two: those of the last call if it had the same
// offsets, else new ones.
func (c *compiler) portLists(nl, off1 uint32, two bool) *portIDs {
	p := &c.portIDs
	if p.a == 0 || p.nl != nl || p.off1 != off1 || p.two != two {
		*p = portIDs{nl: nl, off1: off1, two: two}
		c.nids++
		p.a = c.nids
		if two {
			c.nids++
			p.b = c.nids
		}
	}
	return p
}

// workspace holds the memory a compilation works in: block and statement
// arenas (allocated in chunks, so that pointers into them stay valid)
// and the optimizer's tables. Workspaces are pooled, so that a compile
// allocates little besides its result.
type workspace struct {
	bchunks []*[blockChunk]block
	bchunk  int                // chunks in use
	bcur    *[blockChunk]block // the last one in use
	bleft   int                // its free blocks, bcur[blockChunk-bleft:]
	schunks []*[stmtChunk]stmt // see compiler.scur
	opt     optimizer
	toks    []token
	nodes   arena[node] // parse tree nodes
	arths   arena[arth]
	sbuf    []stmt // scratch for the statements of a relation
	comp    compiler
}

const (
	blockChunk = 64
	stmtChunk  = 256
)

// Free workspaces are kept in a small list rather than a sync.Pool,
// which every garbage collection empties: rebuilding the arenas after
// each collection would cost more than the compile itself. Workspaces
// grown by a large expression are not kept.
var (
	freeMu     sync.Mutex
	freeSpaces []*workspace
)

const (
	maxFreeSpaces = 8
	maxKeptChunks = 16 // block chunks of a workspace worth keeping
)

func getWorkspace() *workspace {
	freeMu.Lock()
	if n := len(freeSpaces); n > 0 {
		ws := freeSpaces[n-1]
		freeSpaces[n-1] = nil
		freeSpaces = freeSpaces[:n-1]
		freeMu.Unlock()
		return ws
	}
	freeMu.Unlock()
	return new(workspace)
}

func putWorkspace(ws *workspace) {
	if len(ws.bchunks) > maxKeptChunks || len(ws.schunks) > maxKeptChunks ||
		len(ws.nodes.chunks) > 4*maxKeptChunks || len(ws.arths.chunks) > 4*maxKeptChunks {
		return
	}
	freeMu.Lock()
	if len(freeSpaces) < maxFreeSpaces {
		freeSpaces = append(freeSpaces, ws)
	}
	freeMu.Unlock()
}

func (w *workspace) reset() {
	w.bchunk, w.bleft = 0, 0
	w.nodes.reset()
	w.arths.reset()
}

func newCompiler(linkType uint32, snaplen uint32, ws *workspace) (*compiler, error) {
	c := &ws.comp
	*c = compiler{snaplen: snaplen, ws: ws}
	switch linkType {
	case dltRaw, dltRawBSD, dltLinkRaw:
		linkType = dltRaw
	}
	c.linktype = linkType
	switch linkType {
	case dltEN10MB:
		c.offLinktype, c.offLinkpl, c.offNl, c.offNlNosnap = 12, 14, 0, 3
	case dltRaw, dltIPv4, dltIPv6:
		c.offLinktype, c.offLinkpl = offsetNotSet, 0
	case dltLinuxSLL:
		c.offLinktype, c.offLinkpl = 14, 16
	case dltSLL2:
		c.offLinktype, c.offLinkpl = 0, 20
	default:
		return nil, &Error{Kind: ErrUnsupported, Pos: -1, Msg: fmt.Sprintf("link type %d is not supported (supported: 1 Ethernet, 12/14/101 raw IP, 228 raw IPv4, 229 raw IPv6, 113 Linux SLL, 276 Linux SLL2)", linkType)}
	}
	c.prevlinktype = linkType
	return c, nil
}

func linkName(dlt uint32) string {
	switch dlt {
	case dltEN10MB:
		return "Ethernet"
	case dltRaw:
		return "Raw IP"
	case dltIPv4:
		return "Raw IPv4"
	case dltIPv6:
		return "Raw IPv6"
	case dltLinuxSLL:
		return "Linux cooked v1"
	case dltSLL2:
		return "Linux cooked v2"
	case dltPPP:
		return "PPP"
	}
	return fmt.Sprintf("DLT %d", dlt)
}

// fail records the first error of code generation. Generators keep going
// (returning placeholder blocks) and the caller checks c.err at the end.
func (c *compiler) fail(e *Error) {
	if c.err == nil {
		c.err = e
	}
}

func (c *compiler) invalid(format string, args ...any) *block {
	c.fail(invalidErr(c.pos, format, args...))
	return c.genTrue()
}

func (c *compiler) unsupported(format string, args ...any) *block {
	c.fail(unsupportedErr(c.pos, format, args...))
	return c.genTrue()
}

// stmts copies statements into the compiler's statement arena.
func (c *compiler) stmts(s ...stmt) []stmt {
	if len(s) == 0 || len(s) > stmtChunk {
		return append([]stmt(nil), s...)
	}
	out := c.newStmts(len(s))
	copy(out, s)
	return out
}

// newStmts returns n (1 to stmtChunk) statements of the arena for the
// caller to fill. Their capacity is n: appending to them copies.
func (c *compiler) newStmts(n int) []stmt {
	if n > c.sleft {
		c.newStmtChunk()
	}
	c.sleft -= n
	return c.scur[stmtChunk-c.sleft-n:][:n:n]
}

func (c *compiler) newStmtChunk() {
	w := c.ws
	if c.schunk == len(w.schunks) {
		w.schunks = append(w.schunks, new([stmtChunk]stmt))
	}
	c.scur = w.schunks[c.schunk]
	c.schunk++
	c.sleft = stmtChunk
}

func (c *compiler) newBlock(code uint16, k uint32, stmts []stmt) *block {
	w := c.ws
	if w.bleft == 0 {
		w.newBlockChunk()
	}
	b := &w.bcur[blockChunk-w.bleft]
	w.bleft--
	*b = block{}
	b.code, b.k, b.stmts, b.head = code, k, stmts, b
	return b
}

// nblocks returns the number of blocks made since the last reset.
func (w *workspace) nblocks() int { return w.bchunk*blockChunk - w.bleft }

func (w *workspace) newBlockChunk() {
	if w.bchunk == len(w.bchunks) {
		w.bchunks = append(w.bchunks, new([blockChunk]block))
	}
	w.bcur = w.bchunks[w.bchunk]
	w.bchunk++
	w.bleft = blockChunk
}

func (c *compiler) genRetblk(v uint32) *block { return c.newBlock(clsRET|retK, v, nil) }

// backpatch points the unresolved exits of the list to target.
func backpatch(list, target *block) {
	for list != nil {
		var next *block
		if !list.sense {
			next = list.jt
			list.jt = target
		} else {
			next = list.jf
			list.jf = target
		}
		list = next
	}
}

// merge appends list b1 to list b0.
func merge(b0, b1 *block) {
	p := &b0
	for *p != nil {
		if !(*p).sense {
			p = &(*p).jt
		} else {
			p = &(*p).jf
		}
	}
	*p = b1
}

func genAnd(b0, b1 *block) {
	backpatch(b0, b1.head)
	b0.sense = !b0.sense
	b1.sense = !b1.sense
	merge(b1, b0)
	b1.sense = !b1.sense
	b1.head = b0.head
}

func genOr(b0, b1 *block) {
	b0.sense = !b0.sense
	backpatch(b0, b1.head)
	b0.sense = !b0.sense
	merge(b1, b0)
	b1.head = b0.head
}

func genNot(b *block) { b.sense = !b.sense }

func (c *compiler) genUncond(rsense bool) *block {
	k := uint32(1)
	if rsense {
		k = 0
	}
	return c.newBlock(jeq, 0, c.stmts(stmt{clsLD | mIMM, k}))
}

func (c *compiler) genTrue() *block  { return c.genUncond(true) }
func (c *compiler) genFalse() *block { return c.genUncond(false) }

func sizeCode(size uint32) uint16 {
	switch size {
	case 1:
		return szB
	case 2:
		return szH
	}
	return szW
}

// genLoadA returns statements loading the field of the given size at
// offset off of the header rel into A.
func (c *compiler) genLoadA(rel offrel, off uint32, size uint16) []stmt {
	return c.loadA(rel, off, size, 0)
}

// loadA returns the statements of genLoadA followed by extra statements
// for the caller to fill.
func (c *compiler) loadA(rel offrel, off uint32, size uint16, extra int) []stmt {
	if c.vlVar {
		if s, ok := c.genLoadAVar(rel, off, size); ok {
			if extra == 0 {
				return s
			}
			out := c.newStmts(len(s) + extra)
			copy(out, s)
			return out
		}
	}
	var k uint32
	switch rel {
	case orPacket:
		k = off
	case orLinkhdr:
		k = c.offLinkhdr + off
	case orPrevlinkhdr:
		k = c.offPrevlink + off
	case orLLC:
		k = c.offLinkpl + off
	case orPrevMPLShdr:
		k = c.offLinkpl + c.offNl - 4 + off
	case orLinkpl:
		k = c.offLinkpl + c.offNl + off
	case orLinkplNosnap:
		k = c.offLinkpl + c.offNlNosnap + off
	case orLinktype:
		k = c.offLinktype + off
	case orTranIPv4:
		nl := c.offLinkpl + c.offNl
		s := c.newStmts(2 + extra)
		s[0] = stmt{clsLDX | mMSH | szB, nl}
		s[1] = stmt{clsLD | size | mIND, nl + off}
		return s
	case orTranIPv6:
		k = c.offLinkpl + c.offNl + 40 + off
	default:
		if extra == 0 {
			return nil
		}
		return c.newStmts(extra)
	}
	s := c.newStmts(1 + extra)
	s[0] = stmt{clsLD | size | mABS, k}
	return s
}

func (c *compiler) genNcmp(rel offrel, off uint32, size uint16, mask uint32, jtype uint16, reverse bool, v uint32) *block {
	var s []stmt
	if (rel == orLinktype || rel == orLinkpl) && !c.vlVar {
		// The most frequent loads of loadA, made here.
		k := c.offLinktype + off
		if rel == orLinkpl {
			k = c.offLinkpl + c.offNl + off
		}
		if mask != 0xffffffff {
			s = c.newStmts(2)
			s[1] = stmt{clsALU | aluAND | srcK, mask}
		} else {
			s = c.newStmts(1)
		}
		s[0] = stmt{clsLD | size | mABS, k}
	} else if mask != 0xffffffff {
		s = c.loadA(rel, off, size, 1)
		s[len(s)-1] = stmt{clsALU | aluAND | srcK, mask}
	} else if c.vlVar {
		// What loadA returns, without its call for most headers.
		var ok bool
		if s, ok = c.genLoadAVar(rel, off, size); !ok {
			s = c.loadA(rel, off, size, 0)
		}
	} else {
		s = c.loadA(rel, off, size, 0)
	}
	b := c.newBlock(jtype, v, s)
	if reverse && (jtype == jgt || jtype == jge) {
		genNot(b)
	}
	return b
}

func (c *compiler) genCmp(rel offrel, off uint32, size uint16, v uint32) *block {
	return c.genNcmp(rel, off, size, 0xffffffff, jeq, false, v)
}
func (c *compiler) genCmpGT(rel offrel, off uint32, size uint16, v uint32) *block {
	return c.genNcmp(rel, off, size, 0xffffffff, jgt, false, v)
}
func (c *compiler) genCmpGE(rel offrel, off uint32, size uint16, v uint32) *block {
	return c.genNcmp(rel, off, size, 0xffffffff, jge, false, v)
}
func (c *compiler) genCmpLT(rel offrel, off uint32, size uint16, v uint32) *block {
	return c.genNcmp(rel, off, size, 0xffffffff, jge, true, v)
}
func (c *compiler) genCmpLE(rel offrel, off uint32, size uint16, v uint32) *block {
	return c.genNcmp(rel, off, size, 0xffffffff, jgt, true, v)
}
func (c *compiler) genMcmp(rel offrel, off uint32, size uint16, v, mask uint32) *block {
	return c.genNcmp(rel, off, size, mask, jeq, false, v)
}

// genBcmp compares size bytes at off with v, in 4-, 2- and 1-byte loads
// from the end, as libpcap does.
func (c *compiler) genBcmp(rel offrel, off uint32, v []byte) *block {
	size := uint32(len(v))
	var b *block
	for size >= 4 {
		p := v[size-4:]
		w := uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])
		tmp := c.genCmp(rel, off+size-4, szW, w)
		if b != nil {
			genAnd(b, tmp)
		}
		b = tmp
		size -= 4
	}
	for size >= 2 {
		p := v[size-2:]
		tmp := c.genCmp(rel, off+size-2, szH, uint32(p[0])<<8|uint32(p[1]))
		if b != nil {
			genAnd(b, tmp)
		}
		b = tmp
		size -= 2
	}
	if size > 0 {
		tmp := c.genCmp(rel, off, szB, uint32(v[0]))
		if b != nil {
			genAnd(b, tmp)
		}
		b = tmp
	}
	return b
}

func (c *compiler) genSnap(orgcode, ptype uint32) *block {
	return c.genBcmp(orLLC, 0, []byte{llcsapSNAP, llcsapSNAP, 0x03,
		byte(orgcode >> 16), byte(orgcode >> 8), byte(orgcode), byte(ptype >> 8), byte(ptype)})
}

func (c *compiler) genEtherLinktype(ll uint32) *block {
	switch ll {
	case llcsapISONS, llcsapIP, llcsapNetbeui:
		b0 := c.genCmpGT(orLinktype, 0, szH, ethermtu)
		genNot(b0)
		b1 := c.genCmp(orLLC, 0, szH, ll<<8|ll)
		genAnd(b0, b1)
		return b1
	case llcsapIPX:
		b0 := c.genCmp(orLLC, 0, szB, llcsapIPX)
		b1 := c.genCmp(orLLC, 0, szH, 0xffff)
		genOr(b0, b1)
		b0 = c.genSnap(0, ethertypeIPX)
		genOr(b0, b1)
		b0 = c.genCmpGT(orLinktype, 0, szH, ethermtu)
		genNot(b0)
		genAnd(b0, b1)
		b0 = c.genCmp(orLinktype, 0, szH, ethertypeIPX)
		genOr(b0, b1)
		return b1
	case ethertypeAtalk, ethertypeAARP:
		b0 := c.genCmpGT(orLinktype, 0, szH, ethermtu)
		genNot(b0)
		var b1 *block
		if ll == ethertypeAtalk {
			b1 = c.genSnap(0x080007, ethertypeAtalk)
		} else {
			b1 = c.genSnap(0, ethertypeAARP)
		}
		genAnd(b0, b1)
		b0 = c.genCmp(orLinktype, 0, szH, ll)
		genOr(b0, b1)
		return b1
	}
	if ll <= ethermtu {
		b0 := c.genCmpGT(orLinktype, 0, szH, ethermtu)
		genNot(b0)
		b1 := c.genCmp(orLinktype, 2, szB, ll)
		genAnd(b0, b1)
		return b1
	}
	return c.genCmp(orLinktype, 0, szH, ll)
}

func (c *compiler) genLinuxSLLLinktype(ll uint32) *block {
	switch ll {
	case llcsapISONS, llcsapIP, llcsapNetbeui:
		b0 := c.genCmp(orLinktype, 0, szH, sllP8022)
		b1 := c.genCmp(orLLC, 0, szH, ll<<8|ll)
		genAnd(b0, b1)
		return b1
	case llcsapIPX:
		b0 := c.genCmp(orLLC, 0, szB, llcsapIPX)
		b1 := c.genSnap(0, ethertypeIPX)
		genOr(b0, b1)
		b0 = c.genCmp(orLinktype, 0, szH, sllP8022)
		genAnd(b0, b1)
		b0 = c.genCmp(orLinktype, 0, szH, sllP8023)
		genOr(b0, b1)
		b0 = c.genCmp(orLinktype, 0, szH, ethertypeIPX)
		genOr(b0, b1)
		return b1
	case ethertypeAtalk, ethertypeAARP:
		b0 := c.genCmp(orLinktype, 0, szH, sllP8022)
		var b1 *block
		if ll == ethertypeAtalk {
			b1 = c.genSnap(0x080007, ethertypeAtalk)
		} else {
			b1 = c.genSnap(0, ethertypeAARP)
		}
		genAnd(b0, b1)
		b0 = c.genCmp(orLinktype, 0, szH, ll)
		genOr(b0, b1)
		return b1
	}
	if ll <= ethermtu {
		b0 := c.genCmp(orLinktype, 0, szH, sllP8022)
		b1 := c.genCmp(orLinkhdr, c.offLinkpl, szB, ll)
		genAnd(b0, b1)
		return b1
	}
	return c.genCmp(orLinktype, 0, szH, ll)
}

func ethertypeToPPP(ll uint32) uint32 {
	switch ll {
	case ethertypeIP:
		return pppIP
	case ethertypeIPv6:
		return pppIPv6
	case ethertypeDN:
		return pppDECnet
	case ethertypeAtalk:
		return pppApple
	case ethertypeNS:
		return pppNS
	case llcsapISONS:
		return pppOSI
	case llcsap8021D:
		return pppBRPDU
	case llcsapIPX:
		return pppIPX
	}
	return ll
}

func (c *compiler) genMPLSLinktype(ll uint32) *block {
	switch ll {
	case ethertypeIP, ethertypeIPv6:
		b0 := c.genMcmp(orLinkpl, ^uint32(1), szB, 0x01, 0x01) // offset -2
		ver := uint32(0x40)
		if ll == ethertypeIPv6 {
			ver = 0x60
		}
		b1 := c.genMcmp(orLinkpl, 0, szB, ver, 0xf0)
		genAnd(b0, b1)
		return b1
	}
	return c.invalid("unsupported protocol over mpls")
}

// genLinktype matches packets whose link layer carries protocol ll (an
// Ethernet type, or an LLC SAP when ll <= 1500).
func (c *compiler) genLinktype(ll uint32) *block {
	if c.labelDepth > 0 {
		return c.genMPLSLinktype(ll)
	}
	switch c.linktype {
	case dltEN10MB:
		return c.genEtherLinktype(ll)
	case dltLinuxSLL:
		return c.genLinuxSLLLinktype(ll)
	case dltRaw:
		switch ll {
		case ethertypeIP:
			return c.genMcmp(orLinkhdr, 0, szB, 0x40, 0xf0)
		case ethertypeIPv6:
			return c.genMcmp(orLinkhdr, 0, szB, 0x60, 0xf0)
		}
		return c.genFalse()
	case dltIPv4:
		if ll == ethertypeIP {
			return c.genTrue()
		}
		return c.genFalse()
	case dltIPv6:
		if ll == ethertypeIPv6 {
			return c.genTrue()
		}
		return c.genFalse()
	case dltPPP:
		return c.genCmp(orLinktype, 0, szH, ethertypeToPPP(ll))
	}
	// SLL2 and other types with an Ethernet type field.
	return c.genCmp(orLinktype, 0, szH, ll)
}

func (c *compiler) genHostop(addr, mask uint32, dir uint8, ll uint32, srcOff, dstOff uint32) *block {
	var off uint32
	switch dir {
	case dSrc:
		off = srcOff
	case dDst:
		off = dstOff
	case dAnd:
		b0 := c.genHostop(addr, mask, dSrc, ll, srcOff, dstOff)
		b1 := c.genHostop(addr, mask, dDst, ll, srcOff, dstOff)
		genAnd(b0, b1)
		return b1
	default:
		b0 := c.genHostop(addr, mask, dSrc, ll, srcOff, dstOff)
		b1 := c.genHostop(addr, mask, dDst, ll, srcOff, dstOff)
		genOr(b0, b1)
		return b1
	}
	b0 := c.genLinktype(ll)
	b1 := c.genMcmp(orLinkpl, off, szW, addr, mask)
	genAnd(b0, b1)
	return b1
}

func (c *compiler) genHostop6(addr, mask [16]byte, dir uint8, ll uint32, srcOff, dstOff uint32) *block {
	var off uint32
	switch dir {
	case dSrc:
		off = srcOff
	case dDst:
		off = dstOff
	case dAnd:
		b0 := c.genHostop6(addr, mask, dSrc, ll, srcOff, dstOff)
		b1 := c.genHostop6(addr, mask, dDst, ll, srcOff, dstOff)
		genAnd(b0, b1)
		return b1
	default:
		b0 := c.genHostop6(addr, mask, dSrc, ll, srcOff, dstOff)
		b1 := c.genHostop6(addr, mask, dDst, ll, srcOff, dstOff)
		genOr(b0, b1)
		return b1
	}
	w := func(b [16]byte, i int) uint32 {
		return uint32(b[4*i])<<24 | uint32(b[4*i+1])<<16 | uint32(b[4*i+2])<<8 | uint32(b[4*i+3])
	}
	b1 := c.genMcmp(orLinkpl, off+12, szW, w(addr, 3), w(mask, 3))
	b0 := c.genMcmp(orLinkpl, off+8, szW, w(addr, 2), w(mask, 2))
	genAnd(b0, b1)
	b0 = c.genMcmp(orLinkpl, off+4, szW, w(addr, 1), w(mask, 1))
	genAnd(b0, b1)
	b0 = c.genMcmp(orLinkpl, off, szW, w(addr, 0), w(mask, 0))
	genAnd(b0, b1)
	b0 = c.genLinktype(ll)
	genAnd(b0, b1)
	return b1
}

func (c *compiler) genEhostop(eaddr []byte, dir uint8) *block {
	switch dir {
	case dSrc:
		return c.genBcmp(orLinkhdr, 6, eaddr)
	case dDst:
		return c.genBcmp(orLinkhdr, 0, eaddr)
	case dAnd:
		b0 := c.genEhostop(eaddr, dSrc)
		b1 := c.genEhostop(eaddr, dDst)
		genAnd(b0, b1)
		return b1
	}
	b0 := c.genEhostop(eaddr, dSrc)
	b1 := c.genEhostop(eaddr, dDst)
	genOr(b0, b1)
	return b1
}

var protoNames = map[uint8]string{
	pLink: "link", pIP: "ip", pARP: "arp", pRARP: "rarp", pSCTP: "sctp",
	pTCP: "tcp", pUDP: "udp", pICMP: "icmp", pIGMP: "igmp", pIGRP: "igrp",
	pAtalk: "atalk", pDecnet: "decnet", pLat: "lat", pSca: "sca",
	pMoprc: "moprc", pMopdl: "mopdl", pIPv6: "ip6", pICMPv6: "icmp6",
	pAH: "ah", pESP: "esp", pPIM: "pim", pVRRP: "vrrp", pAarp: "aarp",
	pISO: "iso", pESIS: "esis", pISIS: "isis", pCLNP: "clnp", pSTP: "stp",
	pIPX: "ipx", pNetbeui: "netbeui", pISISL1: "l1", pISISL2: "l2",
	pISISIIH: "iih", pISISSNP: "snp", pISISCSNP: "csnp", pISISPSNP: "psnp",
	pISISLSP: "lsp", pRadio: "radio", pCARP: "carp",
}

func (c *compiler) genHost(addr, mask uint32, proto, dir, typ uint8) *block {
	typestr := "host"
	if typ == qNet {
		typestr = "net"
	}
	switch proto {
	case qDefault:
		b0 := c.genHost(addr, mask, pIP, dir, typ)
		if c.labelDepth == 0 {
			b1 := c.genHost(addr, mask, pARP, dir, typ)
			genOr(b0, b1)
			b0 = c.genHost(addr, mask, pRARP, dir, typ)
			genOr(b1, b0)
		}
		return b0
	case pLink:
		return c.invalid("link-layer modifier applied to %s", typestr)
	case pIP:
		return c.genHostop(addr, mask, dir, ethertypeIP, 12, 16)
	case pRARP:
		return c.genHostop(addr, mask, dir, ethertypeRevARP, 14, 24)
	case pARP:
		return c.genHostop(addr, mask, dir, ethertypeARP, 14, 24)
	case pAtalk:
		return c.invalid("AppleTalk host filtering not implemented")
	case pDecnet:
		return c.unsupported("DECnet addresses are not supported")
	case pLat, pSca, pMoprc, pMopdl, pAarp, pISO, pIPX:
		return c.invalid("%s host filtering not implemented", map[uint8]string{pLat: "LAT", pSca: "SCA", pMoprc: "MOPRC", pMopdl: "MOPDL", pAarp: "AARP", pISO: "ISO", pIPX: "IPX"}[proto])
	case pIPv6:
		return c.invalid("'ip6' modifier applied to ip host")
	}
	return c.invalid("'%s' modifier applied to %s", protoNames[proto], typestr)
}

func (c *compiler) genHost6(addr, mask [16]byte, proto, dir, typ uint8) *block {
	typestr := "host"
	if typ == qNet {
		typestr = "net"
	}
	switch proto {
	case qDefault, pIPv6:
		return c.genHostop6(addr, mask, dir, ethertypeIPv6, 8, 24)
	case pLink:
		return c.invalid("link-layer modifier applied to ip6 %s", typestr)
	}
	return c.invalid("'%s' modifier applied to ip6 %s", protoNames[proto], typestr)
}

func (c *compiler) genIPFrag() *block {
	b := c.newBlock(jset, 0x1fff, c.genLoadA(orLinkpl, 6, szH))
	genNot(b)
	return b
}

// portSpec describes a port or port range primitive: the header of its
// transport-layer ports (orTranIPv4 or orTranIPv6) and the port, or the
// range v1-v2.
type portSpec struct {
	rel    offrel
	rng    bool
	v1, v2 uint32
}

// genPortAtom compares the port at offset off of the transport header.
func (c *compiler) genPortAtom(p *portSpec, off uint32) *block {
	if !p.rng {
		return c.genCmp(p.rel, off, szH, p.v1)
	}
	v1, v2 := p.v1, p.v2
	if v1 > v2 {
		v1, v2 = v2, v1
	}
	b1 := c.genCmpGE(p.rel, off, szH, v1)
	b2 := c.genCmpLE(p.rel, off, szH, v2)
	genAnd(b1, b2)
	return b2
}

func (c *compiler) genPortDir(dir uint8, p *portSpec) *block {
	switch dir {
	case dSrc:
		return c.genPortAtom(p, 0)
	case dDst:
		return c.genPortAtom(p, 2)
	case dAnd:
		tmp := c.genPortAtom(p, 0)
		b1 := c.genPortAtom(p, 2)
		genAnd(tmp, b1)
		return b1
	}
	tmp := c.genPortAtom(p, 0)
	b1 := c.genPortAtom(p, 2)
	genOr(tmp, b1)
	return b1
}

// genPortop matches the ports of p in packets of IP protocol proto
// (libpcap's gen_portop, gen_portop6, gen_portrangeop and
// gen_portrangeop6).
func (c *compiler) genPortop(p *portSpec, proto uint32, dir uint8) *block {
	if dir != dAnd {
		return c.genPortopQuick(p, proto, dir)
	}
	return c.genPortopJoin(p, proto, dir)
}

// genPortopJoin is genPortop joining the blocks with genAnd and genOr.
func (c *compiler) genPortopJoin(p *portSpec, proto uint32, dir uint8) *block {
	if p.rel == orTranIPv6 {
		b0 := c.genCmp(orLinkpl, 6, szB, proto)
		b1 := c.genPortDir(dir, p)
		genAnd(b0, b1)
		return b1
	}
	tmp := c.genCmp(orLinkpl, 9, szB, proto)
	b0 := c.genIPFrag()
	genAnd(tmp, b0)
	b1 := c.genPortDir(dir, p)
	genAnd(b0, b1)
	return b1
}

// genPortopQuick is genPortop for any direction but "src and dst": it
// makes the same blocks in the same order, the protocol test t, the
// fragment test f (IPv4), and the compares of the source and the
// destination port, or of the one port of a direction (for a range,
// a pair of a test of the low end g and one of the high end l), and sets
// their links, senses and heads to what genAnd and genOr leave in
// genPortopJoin. With pt the fragment test, or the protocol test for
// IPv6, and the compares a and b, or g, l and g2, l2, in the order made:
//
//	t(jt f, sense) f(jt t, jf the first compare)  (IPv4)
//	t(jt the first compare, sense)                (IPv6)
//	one port:   a(jf pt)
//	two ports:  a(jf b, head a) b(jt a, jf pt)
//	one range:  g(jt l, jf pt, sense, head g) l(jt g, sense)
//	two ranges: g(jt l, jf g2, sense, head g) l(jt g2, sense, head g)
//	            g2(jt l2, jf pt, sense, head g2) l2(jt g2, jf l, sense)
//
// with the other links nil, the other senses false and the other heads
// t. (The nil links and those to blocks before are the ends and links
// of the lists not yet resolved.)
func (c *compiler) genPortopQuick(p *portSpec, proto uint32, dir uint8) *block {
	if p.rng {
		return c.genPortrangeopQuick(p, proto, dir)
	}
	v6 := p.rel == orTranIPv6
	off1, off2, two := portOffsets(dir)
	var t, f, a, b *block
	if c.vlVar {
		if v6 {
			t = c.genCmp(orLinkpl, 6, szB, proto)
		} else {
			t = c.genCmp(orLinkpl, 9, szB, proto)
			f = c.newBlock(jset, 0x1fff, c.genLoadA(orLinkpl, 6, szH))
		}
		a = c.genCmp(p.rel, off1, szH, p.v1)
		if two {
			b = c.genCmp(p.rel, off2, szH, p.v1)
		}
		if !v6 {
			// The long loads of the ports, named (see nids).
			ids := c.portLists(c.offLinkpl+c.offNl, off1, two)
			a.gid = ids.a
			if two {
				b.gid = ids.b
			}
		}
	} else {
		// The loads of genLoadA with constant offsets, made here in
		// one piece of the statement arena.
		nl := c.offLinkpl + c.offNl
		if v6 {
			var s []stmt
			if two {
				s = c.newStmts(3)
				s[2] = stmt{clsLD | szH | mABS, nl + 40 + off2}
			} else {
				s = c.newStmts(2)
			}
			s[0] = stmt{clsLD | szB | mABS, nl + 6}
			s[1] = stmt{clsLD | szH | mABS, nl + 40 + off1}
			t = c.newBlock(jeq, proto, s[0:1:1])
			a = c.newBlock(jeq, p.v1, s[1:2:2])
			if two {
				b = c.newBlock(jeq, p.v1, s[2:3:3])
			}
		} else {
			var s []stmt
			if two {
				s = c.newStmts(6)
				s[4] = stmt{clsLDX | mMSH | szB, nl}
				s[5] = stmt{clsLD | szH | mIND, nl + off2}
			} else {
				s = c.newStmts(4)
			}
			s[0] = stmt{clsLD | szB | mABS, nl + 9}
			s[1] = stmt{clsLD | szH | mABS, nl + 6}
			s[2] = stmt{clsLDX | mMSH | szB, nl}
			s[3] = stmt{clsLD | szH | mIND, nl + off1}
			t = c.newBlock(jeq, proto, s[0:1:1])
			f = c.newBlock(jset, 0x1fff, s[1:2:2])
			a = c.newBlock(jeq, p.v1, s[2:4:4])
			if two {
				b = c.newBlock(jeq, p.v1, s[4:6:6])
			}
		}
	}
	t.sense = true
	pt := t
	if f != nil {
		t.jt = f
		f.jt, f.jf, f.head = t, a, t
		pt = f
	} else {
		t.jt = a
	}
	if two {
		a.jf = b
		b.jt, b.jf = a, pt
	} else {
		b = a
		b.jf = pt
	}
	b.head = t
	return b
}

// portOffsets returns the offsets of the ports a direction compares in
// the transport header: off1, and off2 if two.
func portOffsets(dir uint8) (off1, off2 uint32, two bool) {
	switch dir {
	case dSrc:
		return 0, 0, false
	case dDst:
		return 2, 0, false
	}
	return 0, 2, true
}

// genPortrangeopQuick is genPortopQuick for a range.
func (c *compiler) genPortrangeopQuick(p *portSpec, proto uint32, dir uint8) *block {
	v6 := p.rel == orTranIPv6
	off1, off2, two := portOffsets(dir)
	lo, hi := p.v1, p.v2
	if lo > hi {
		lo, hi = hi, lo
	}
	var t, f *block
	var pc [4]*block // g, l, g2, l2
	n := 2
	if two {
		n = 4
	}
	if c.vlVar {
		if v6 {
			t = c.genCmp(orLinkpl, 6, szB, proto)
		} else {
			t = c.genCmp(orLinkpl, 9, szB, proto)
			f = c.newBlock(jset, 0x1fff, c.genLoadA(orLinkpl, 6, szH))
		}
		pc[0] = c.genCmpGE(p.rel, off1, szH, lo)
		pc[1] = c.genCmpLE(p.rel, off1, szH, hi)
		if two {
			pc[2] = c.genCmpGE(p.rel, off2, szH, lo)
			pc[3] = c.genCmpLE(p.rel, off2, szH, hi)
		}
		if !v6 {
			// The long loads of the ports, named (see nids).
			ids := c.portLists(c.offLinkpl+c.offNl, off1, two)
			pc[0].gid, pc[1].gid = ids.a, ids.a
			if two {
				pc[2].gid, pc[3].gid = ids.b, ids.b
			}
		}
	} else {
		// The loads of genLoadA with constant offsets, made here in
		// one piece of the statement arena: the tests, then the port
		// loads of per statements each.
		nl := c.offLinkpl + c.offNl
		per, ntest := 2, 2
		if v6 {
			per, ntest = 1, 1
		}
		s := c.newStmts(ntest + per*n)
		if v6 {
			s[0] = stmt{clsLD | szB | mABS, nl + 6}
			t = c.newBlock(jeq, proto, s[0:1:1])
		} else {
			s[0] = stmt{clsLD | szB | mABS, nl + 9}
			s[1] = stmt{clsLD | szH | mABS, nl + 6}
			t = c.newBlock(jeq, proto, s[0:1:1])
			f = c.newBlock(jset, 0x1fff, s[1:2:2])
		}
		for i, j := 0, ntest; i < n; i, j = i+1, j+per {
			off := off1
			if i >= 2 {
				off = off2
			}
			if v6 {
				s[j] = stmt{clsLD | szH | mABS, nl + 40 + off}
			} else {
				s[j] = stmt{clsLDX | mMSH | szB, nl}
				s[j+1] = stmt{clsLD | szH | mIND, nl + off}
			}
			if i%2 == 0 {
				pc[i] = c.newBlock(jge, lo, s[j:j+per:j+per])
			} else {
				pc[i] = c.newBlock(jgt, hi, s[j:j+per:j+per])
				pc[i].sense = true
			}
		}
	}
	t.sense = true
	pt := t
	if f != nil {
		t.jt = f
		f.jt, f.jf, f.head = t, pc[0], t
		pt = f
	} else {
		t.jt = pc[0]
	}
	g, l := pc[0], pc[1]
	g.jt, g.sense = l, true
	if two {
		g2, l2 := pc[2], pc[3]
		g.jf = g2
		l.jt, l.head = g2, g
		g2.jt, g2.jf, g2.sense = l2, pt, true
		l2.jt, l2.jf = g2, l
	} else {
		g.jf = pt
		l.jt = g
	}
	pc[n-1].head = t
	return pc[n-1]
}

// genPortProtos applies genPortop to TCP, UDP or SCTP, or to all three
// (sctp, tcp, udp in the order libpcap tests them) when ipProto is
// undefined, after the test of the network protocol.
func (c *compiler) genPortProtos(p *portSpec, ipProto int, dir uint8) *block {
	var b0 *block
	if p.rel == orTranIPv6 {
		b0 = c.genLinktype(ethertypeIPv6)
	} else {
		b0 = c.genLinktype(ethertypeIP)
	}
	var b1 *block
	if ipProto != protoUndef {
		b1 = c.genPortop(p, uint32(ipProto), dir)
	} else {
		tmp := c.genPortop(p, 6, dir)
		b1 = c.genPortop(p, 17, dir)
		genOr(tmp, b1)
		tmp = c.genPortop(p, 132, dir)
		genOr(tmp, b1)
	}
	genAnd(b0, b1)
	return b1
}

func (c *compiler) genPort(port uint32, ipProto int, dir uint8) *block {
	return c.genPortProtos(&portSpec{rel: orTranIPv4, v1: port}, ipProto, dir)
}

func (c *compiler) genPort6(port uint32, ipProto int, dir uint8) *block {
	return c.genPortProtos(&portSpec{rel: orTranIPv6, v1: port}, ipProto, dir)
}

func (c *compiler) genPortrange(p1, p2 uint32, ipProto int, dir uint8) *block {
	return c.genPortProtos(&portSpec{rel: orTranIPv4, rng: true, v1: p1, v2: p2}, ipProto, dir)
}

func (c *compiler) genPortrange6(p1, p2 uint32, ipProto int, dir uint8) *block {
	return c.genPortProtos(&portSpec{rel: orTranIPv6, rng: true, v1: p1, v2: p2}, ipProto, dir)
}

// genProto matches packets of protocol v inside the protocol named by
// the qualifier (IPv4 and IPv6 when none).
func (c *compiler) genProto(v uint32, proto, dir uint8) *block {
	if dir != qDefault {
		return c.invalid("direction applied to 'proto'")
	}
	switch proto {
	case qDefault:
		b0 := c.genProto(v, pIP, dir)
		b1 := c.genProto(v, pIPv6, dir)
		genOr(b0, b1)
		return b1
	case pLink:
		return c.genLinktype(v)
	case pIP:
		b0 := c.genLinktype(ethertypeIP)
		b1 := c.genCmp(orLinkpl, 9, szB, v)
		genAnd(b0, b1)
		return b1
	case pARP, pRARP:
		return c.invalid("%s does not encapsulate another protocol", protoNames[proto])
	case pAtalk:
		return c.invalid("AppleTalk encapsulation is not specifiable")
	case pDecnet:
		return c.invalid("DECNET encapsulation is not specifiable")
	case pLat, pSca, pMoprc, pMopdl:
		return c.invalid("%s does not encapsulate another protocol", map[uint8]string{pLat: "LAT", pSca: "SCA", pMoprc: "MOPRC", pMopdl: "MOPDL"}[proto])
	case pIPv6:
		b0 := c.genLinktype(ethertypeIPv6)
		b1 := c.genIPv6Proto(v)
		genAnd(b0, b1)
		return b1
	case pISO:
		b0 := c.genLinktype(llcsapISONS)
		b1 := c.genCmp(orLinkplNosnap, 0, szB, v)
		genAnd(b0, b1)
		return b1
	case pISIS:
		b0 := c.genProto(iso10589ISIS, pISO, qDefault)
		b1 := c.genCmp(orLinkplNosnap, 4, szB, v)
		genAnd(b0, b1)
		return b1
	case pCLNP:
		return c.invalid("'clnp proto' is not supported")
	}
	return c.invalid("'%s proto' is bogus", protoNames[proto])
}

// genIPv6Proto matches IPv6 packets whose next header is v, directly or
// after a fragment header (44). It makes the blocks of
//
//	x := genCmp(orLinkpl, 6, szB, 44)
//	y := genCmp(orLinkpl, 40, szB, v)
//	genAnd(x, y)
//	z := genCmp(orLinkpl, 6, szB, v)
//	genOr(z, y)
//
// and sets their links, senses and heads as these leave them (returning
// y): x(jt y, sense) y(jt z, jf x, head z) z(jf x, head z), with x the
// head of x.
func (c *compiler) genIPv6Proto(v uint32) *block {
	var x, y, z *block
	if c.vlVar {
		x = c.genCmp(orLinkpl, 6, szB, 44)
		y = c.genCmp(orLinkpl, 40, szB, v)
		z = c.genCmp(orLinkpl, 6, szB, v)
	} else {
		nl := c.offLinkpl + c.offNl
		s := c.newStmts(3)
		s[0] = stmt{clsLD | szB | mABS, nl + 6}
		s[1] = stmt{clsLD | szB | mABS, nl + 40}
		s[2] = stmt{clsLD | szB | mABS, nl + 6}
		x = c.newBlock(jeq, 44, s[0:1:1])
		y = c.newBlock(jeq, v, s[1:2:2])
		z = c.newBlock(jeq, v, s[2:3:3])
	}
	x.jt, x.sense = y, true
	y.jt, y.jf, y.head = z, x, z
	z.jf = x
	return y
}

func (c *compiler) genProtoAbbrev(proto uint8) *block {
	isis := func(types ...uint32) *block {
		var b1 *block
		for i, t := range types {
			b := c.genProto(t, pISIS, qDefault)
			if i == 0 {
				b1 = b
				continue
			}
			if i == 1 {
				// libpcap builds b0 = first, b1 = second, then ORs
				// b0 into b1, and every later type in front.
				genOr(b1, b)
				b1 = b
				continue
			}
			genOr(b, b1)
		}
		return b1
	}
	switch proto {
	case pSCTP:
		return c.genProto(132, qDefault, qDefault)
	case pTCP:
		return c.genProto(6, qDefault, qDefault)
	case pUDP:
		return c.genProto(17, qDefault, qDefault)
	case pICMP:
		return c.genProto(1, pIP, qDefault)
	case pIGMP:
		return c.genProto(2, pIP, qDefault)
	case pIGRP:
		return c.genProto(9, pIP, qDefault)
	case pPIM:
		return c.genProto(103, qDefault, qDefault)
	case pVRRP, pCARP:
		return c.genProto(112, pIP, qDefault)
	case pIP:
		return c.genLinktype(ethertypeIP)
	case pARP:
		return c.genLinktype(ethertypeARP)
	case pRARP:
		return c.genLinktype(ethertypeRevARP)
	case pLink:
		return c.invalid("link layer applied in wrong context")
	case pAtalk:
		return c.genLinktype(ethertypeAtalk)
	case pAarp:
		return c.genLinktype(ethertypeAARP)
	case pDecnet:
		return c.genLinktype(ethertypeDN)
	case pSca:
		return c.genLinktype(ethertypeSCA)
	case pLat:
		return c.genLinktype(ethertypeLAT)
	case pMopdl:
		return c.genLinktype(ethertypeMOPDL)
	case pMoprc:
		return c.genLinktype(ethertypeMOPRC)
	case pIPv6:
		return c.genLinktype(ethertypeIPv6)
	case pICMPv6:
		return c.genProto(58, pIPv6, qDefault)
	case pAH:
		return c.genProto(51, qDefault, qDefault)
	case pESP:
		return c.genProto(50, qDefault, qDefault)
	case pISO:
		return c.genLinktype(llcsapISONS)
	case pESIS:
		return c.genProto(iso9542ESIS, pISO, qDefault)
	case pISIS:
		return c.genProto(iso10589ISIS, pISO, qDefault)
	case pISISL1:
		return isis(15, 17, 18, 24, 26)
	case pISISL2:
		return isis(16, 17, 20, 25, 27)
	case pISISIIH:
		return isis(15, 16, 17)
	case pISISLSP:
		return isis(18, 20)
	case pISISSNP:
		return isis(24, 25, 26, 27)
	case pISISCSNP:
		return isis(24, 25)
	case pISISPSNP:
		return isis(26, 27)
	case pCLNP:
		return c.genProto(iso8473CLNP, pISO, qDefault)
	case pSTP:
		return c.genLinktype(llcsap8021D)
	case pIPX:
		return c.genLinktype(llcsapIPX)
	case pNetbeui:
		return c.genLinktype(llcsapNetbeui)
	case pRadio:
		return c.invalid("'radio' is not a valid protocol type")
	}
	return c.invalid("unknown protocol")
}

func (c *compiler) genLLC() *block {
	if c.linktype != dltEN10MB {
		return c.invalid("'llc' not supported for %s", linkName(c.linktype))
	}
	b0 := c.genCmpGT(orLinktype, 0, szH, ethermtu)
	genNot(b0)
	b1 := c.genCmp(orLLC, 0, szH, 0xffff)
	genNot(b1)
	genAnd(b0, b1)
	return b1
}

func (c *compiler) genBroadcast(proto uint8) *block {
	switch proto {
	case qDefault, pLink:
		if c.linktype == dltEN10MB {
			return c.genEhostop([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, dDst)
		}
		return c.invalid("not a broadcast link")
	case pIP:
		b0 := c.genLinktype(ethertypeIP)
		hostmask := ^c.netmask
		b1 := c.genMcmp(orLinkpl, 16, szW, 0, hostmask)
		b2 := c.genMcmp(orLinkpl, 16, szW, hostmask, hostmask)
		genOr(b1, b2)
		genAnd(b0, b2)
		return b2
	}
	return c.invalid("only link-layer/IP broadcast filters supported")
}

func (c *compiler) genMulticast(proto uint8) *block {
	switch proto {
	case qDefault, pLink:
		if c.linktype == dltEN10MB {
			return c.newBlock(jset, 1, c.genLoadA(orLinkhdr, 0, szB))
		}
	case pIP:
		b0 := c.genLinktype(ethertypeIP)
		b1 := c.genCmpGE(orLinkpl, 16, szB, 224)
		genAnd(b0, b1)
		return b1
	case pIPv6:
		b0 := c.genLinktype(ethertypeIPv6)
		b1 := c.genCmp(orLinkpl, 24, szB, 255)
		genAnd(b0, b1)
		return b1
	}
	return c.invalid("link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel")
}

func (c *compiler) genLen(jmp uint16, n uint32) *block {
	return c.newBlock(jmp, n, c.stmts(stmt{clsLD | szW | mLEN, 0}))
}

func (c *compiler) genInbound(outbound bool) *block {
	switch c.linktype {
	case dltLinuxSLL:
		b0 := c.genCmp(orLinkhdr, 0, szH, 4)
		if !outbound {
			genNot(b0)
		}
		return b0
	case dltSLL2:
		b0 := c.genCmp(orLinkhdr, 10, szB, 4)
		if !outbound {
			genNot(b0)
		}
		return b0
	}
	return c.unsupported("inbound/outbound not supported on %s (the direction is not in the packet data)", linkName(c.linktype))
}

func (c *compiler) genVlan(num uint32, has bool) *block {
	if c.labelDepth > 0 {
		return c.invalid("no VLAN match after MPLS")
	}
	if c.linktype != dltEN10MB {
		return c.invalid("no VLAN support for %s", linkName(c.linktype))
	}
	if c.live && c.vlanDepth == 0 && c.offLinkhdr == 0 {
		b := c.genVlanLive(num, has)
		c.vlanDepth++
		return b
	}
	b0 := c.genLinktype(ethertype8021Q)
	b1 := c.genLinktype(ethertype8021AD)
	genOr(b0, b1)
	b0 = b1
	b1 = c.genLinktype(ethertypeQinQ)
	genOr(b0, b1)
	b0 = b1
	if has {
		if num > 0x0fff {
			return c.invalid("VLAN tag %d greater than maximum %d", num, 0x0fff)
		}
		b1 = c.genMcmp(orLinkpl, 0, szH, num, 0x0fff)
		genAnd(b0, b1)
		b0 = b1
	}
	c.offLinkpl += 4
	c.offLinktype += 4
	c.vlanDepth++
	return b0
}

func (c *compiler) genMPLS(label uint32, has bool) *block {
	var b0 *block
	if c.labelDepth > 0 {
		b0 = c.genMcmp(orPrevMPLShdr, 2, szB, 0, 0x01)
	} else {
		switch c.linktype {
		case dltEN10MB:
			b0 = c.genLinktype(ethertypeMPLS)
		case dltPPP:
			b0 = c.genLinktype(pppMPLSUcast)
		default:
			return c.invalid("no MPLS support for %s", linkName(c.linktype))
		}
	}
	if has {
		if label > 0xfffff {
			return c.invalid("MPLS label %d greater than maximum %d", label, 0xfffff)
		}
		b1 := c.genMcmp(orLinkpl, 0, szW, label<<12, 0xfffff000)
		genAnd(b0, b1)
		b0 = b1
	}
	c.offNlNosnap += 4
	c.offNl += 4
	c.labelDepth++
	return b0
}

func (c *compiler) genPPPoES(sess uint32, has bool) *block {
	if c.vlVar {
		return c.unsupported("'pppoes' after 'vlan' is not supported in the live form")
	}
	b0 := c.genLinktype(ethertypePPPoES)
	if has {
		if sess > 0xffff {
			return c.invalid("PPPoE session number %d greater than maximum %d", sess, 0xffff)
		}
		b1 := c.genMcmp(orLinkpl, 0, szW, sess, 0x0000ffff)
		genAnd(b0, b1)
		b0 = b1
	}
	// The rest of the expression looks inside the PPP frame.
	c.prevlinktype = c.linktype
	c.offPrevlink = c.offLinkhdr
	c.linktype = dltPPP
	c.offLinkhdr = c.offLinkpl + c.offNl + 6
	c.offLinktype = c.offLinkhdr
	c.offLinkpl = c.offLinkhdr + 2
	c.offNl = 0
	c.offNlNosnap = 0
	return b0
}
