package bpf

// The optimizer works on the block graph produced by the code generator,
// whose blocks are self-contained: each computes from the packet every
// value its test uses. It does what matters of libpcap's optimizer, with
// the same consequences for packets too short for a load (a BPF load out
// of bounds rejects the packet):
//
//  1. Jump threading. Values are numbered (the same load, the same
//     arithmetic on the same values, give the same number), and each
//     block knows the test outcomes that hold on every path reaching it.
//     An edge into a block whose outcome is already known goes straight
//     to the block's successor. The skipped block's loads were executed
//     on the way, so no load that could fail is dropped. Blocks whose
//     two branches lead to the same place, and blocks testing a
//     constant, are skipped too, as libpcap does.
//  2. Pull-ups (pullup.go), which reorder chains of tests as libpcap's
//     or_pullup and and_pullup do.
//  3. libpcap's rewrites of a block's last operation into its test
//     (peep.go): "and #k; jeq #0" becomes "jset #k", "sub #x; jeq #y"
//     becomes "jeq #(x+y)".
//  4. Removal of statements that load a register with the value it
//     already holds on every path (the second "ldh [12]" of
//     "ip or ip6", the second "ldxb 4*([14]&0xf)" of a port test).
//  5. Merging of identical blocks, and skipping the root while its
//     outcome is known (keeping its statements, as libpcap does).
//
// Arithmetic is simplified as libpcap simplifies it (x*0 is 0, and so
// on), which also drops the loads computing x; the rule that libpcap's
// optimizer may drop a load, and this one drops the same loads, is what
// makes the accepted packets the same down to truncated captures.

type regs struct {
	a, x int32
	m    [16]int32
}

type optimizer struct {
	ent     [][2]int32 // the values of A and X at entry of o.order[i] (live programs)
	exit    []regs     // the register values at exit of o.order[i]
	vals    []valInfo
	tab     valTable
	nmemo   stmtMemo
	vmemo   valsMemo
	order   []*block
	obuf    []*block // listOrder: the buffer o.order lies in
	mark    int
	stack   []dfsFrame
	pn      []pnode // the nodes of the predecessor lists (see pnode)
	farena  []fact
	budget  int
	lheads  []*block // levels: the first block of each level (block.lnext)
	eblocks []*block
	etramp  []uint8
	estart  []int
	// orderOf is the root o.order was computed from while the graph has
	// not changed since but by moves that kept o.order (see moveUp), so
	// that topo need not run again; nil otherwise.
	orderOf *block
	// predsOf is the root topo last listed the predecessors (and their
	// counts) from while the graph has not changed since; nil otherwise.
	predsOf *block
	// live is set for programs whose offsets have variable parts in
	// memory (CompileOptions.Live with "vlan"): an indexed load with an
	// unknown X is numbered (as libpcap numbers it, with its undefined
	// value), and dead stores are removed.
	live   bool
	liveIn []uint32
	keep   []bool // deadStores: the statements of a block kept
	// usesMem is set when a block stores to memory; without stores,
	// every memory slot is unknown everywhere.
	usesMem bool
	// memSlots has bit k set when a block stores to M[k]: the other
	// slots are unknown everywhere, and values compares only these.
	memSlots uint16
	// dtab is dedup's hash table of block indices (plus one).
	dtab []int32
	// nblocks is the number of blocks of the graph being optimized
	// (an upper bound of the blocks reachable from the root).
	nblocks int
	// rootStmts holds the statements of the root chosen by optRoot.
	rootStmts []stmt
	// tamePulls is cleared by a pull-up that may let a pass move edges
	// in a settled graph (see optimize and pullup).
	tamePulls bool
	// budgetSafe is set when the budget left is more than the rest of
	// the optimization can take (see iterCost), so that a pass need not
	// compute facts only to take its part (those of returns, all of
	// them over a settled graph).
	budgetSafe bool
	// checkSettled makes the passes over a settled graph thread the
	// edges anyway, count themselves in settledPasses and set
	// settledMoved if an edge moves (for tests).
	checkSettled, settledMoved bool
	settledPasses              int
	// again is set by a pass that may have left work for another pass
	// (see optimize).
	again bool
	// nlisted is the number of blocks listOrder last listed (see
	// listOrder).
	nlisted int
	// unlinked is set while o.order was listed without the
	// predecessors (see topo).
	unlinked bool
	// lused bounds the levels whose lists in o.lheads the last search
	// of levels used.
	lused int
	// lslots lists the blocks (not returns) in the order the pull-ups
	// visit them, by level from 1 up, each level's as levels lists
	// them; slotsOf is the root they were listed from while the graph
	// has not changed since but by moves that kept them (see moveUp);
	// nil otherwise.
	lslots  []*block
	slotsOf *block
	// keepOrder is set while the moves of the pull-ups have kept
	// o.order the order listOrder would give, and o.lslots the list
	// levels would give (see moveUp).
	keepOrder bool
}

// optBudget is the number of elementary steps (facts examined, chain
// links followed) the branch optimizations may take.
const optBudget = 1 << 25

// maxIters bounds the passes of optimize.
const maxIters = 100

// iterCost bounds what one iteration of optimize (a threading pass and
// the pull-ups) takes from the budget on a graph of n blocks: a pass
// takes n, at most maxFacts per predecessor entry of a block (at most
// four per block: two edges in, two moved in) and per step of thread
// (maxThreadSteps per edge) the facts it scans; the pull-ups take 2 per
// block and side, or one per block of the chains they follow.
func iterCost(n int) int64 {
	n64 := int64(n)
	f := int64(min(maxFacts, n))
	steps := int64(min(maxThreadSteps, n))
	return n64 + 4*n64*f + 2*n64*steps*(f+steps+1) + 4*n64*(n64+1)
}

// optimize returns the new root of the graph.
func (o *optimizer) optimize(root *block, nblocks int) *block {
	o.vals = o.vals[:0]
	// Blocks are reused from compile to compile: forget the previous
	// graph's roots.
	o.orderOf, o.predsOf, o.slotsOf = nil, nil, nil
	o.nblocks = nblocks
	o.nlisted = nblocks
	o.tab.init(2 * nblocks)
	// The work budget bounds the time spent moving branches on huge
	// filters; when it runs out the program is left less optimized.
	o.budget = optBudget
	o.topo(root)
	o.number()
	// settled is set while the graph is known to be one in which a pass
	// moves no edge (see below): the pass then only computes the facts
	// and takes from the budget what the threading would, or, once the
	// budget cannot run out (budgetSafe), does nothing.
	settled := false
	o.budgetSafe = nblocks < maxFacts && int64(o.budget) > maxIters*iterCost(nblocks)
	for iter := 0; iter < maxIters && o.budget > 0; iter++ {
		if settled && !o.budgetSafe && nblocks < maxFacts && int64(o.budget) > int64(maxIters-iter)*iterCost(nblocks) {
			o.budgetSafe = true
		}
		if o.idlePass(settled) {
			// The pass needs no predecessors: the pull-ups link them
			// if they need them.
			if o.orderOf != root {
				o.listOrder(root, false)
			}
		} else if o.orderOf != root || o.unlinked {
			o.topo(root)
		}
		changed := o.threadPass(settled)
		if o.budget <= 0 {
			o.again = true
		}
		// Another pass finds nothing new when this one moved edges
		// only: every block's facts are computed from predecessors
		// already threaded, and an edge moved to the end of a chain
		// stops at a block whose outcome stays unknown, unless that
		// block's branches have since merged, a chain was cut by
		// maxThreadSteps or the budget, or facts were dropped at
		// maxFacts (the next pass may list them in another order).
		// The graph is then settled: a pass over it moves no edge.
		// (Live programs are left out: their chains may go past
		// blocks that store.)
		settled = !o.again && !o.live
		o.tamePulls = settled
		if o.pullups(root) {
			changed = true
			o.again = true
			// Pull-ups that give no edge facts deciding the test it
			// leads to leave a settled graph settled (see
			// tame): the next pass then needs only the facts,
			// for the budget and for the next pull-ups.
			settled = settled && o.tamePulls
		}
		if !changed || !o.again {
			break
		}
	}
	if o.orderOf != root {
		o.listOrder(root, false) // values needs no predecessors
	}
	if changed, swapped := o.peep(); changed {
		if swapped {
			o.listOrder(root, false)
		}
		o.number()
	}
	o.values()
	if o.live {
		o.deadStores()
	}
	if root = o.dedup(root); o.orderOf == nil {
		o.keepCanonical(root) // blocks were merged
	}
	return o.optRoot(root)
}

// idlePass reports whether threadPass(settled) only clears o.again: in
// a settled graph, once the budget cannot run out (see threadPass).
func (o *optimizer) idlePass(settled bool) bool {
	return settled && o.budgetSafe && !o.checkSettled
}

// optRoot skips root blocks whose outcome is known (libpcap's opt_root).
// The statements of the original root are kept, in front of the new
// root's, so that its loads still reject a packet too short for them.
func (o *optimizer) optRoot(root *block) *block {
	r := root
	for r.code != clsRET|retK {
		if r.jt == r.jf {
			r = r.jt
			continue
		}
		res, ok := o.outcome(r, nil, nil)
		if !ok {
			break
		}
		r = succ(r, res)
	}
	if r == root || r.code == clsRET|retK {
		return r
	}
	// The statements go to a buffer of the optimizer: only emit reads
	// them, before the next compile.
	o.rootStmts = append(append(o.rootStmts[:0], root.stmts...), r.stmts...)
	r.stmts = o.rootStmts
	return r
}
