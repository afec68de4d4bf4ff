//go:build linux

package netns

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ErrMissingTool reports a program a helper needs that is not installed
// (dnsmasq for StartDNS); test with errors.Is and skip.
var ErrMissingTool = errors.New("not installed")

// netnsDir is where `ip netns` keeps its namespaces.
const netnsDir = "/run/netns"

// namePrefix starts the name of every namespace this package creates.
const namePrefix = "gs"

var labCounter atomic.Uint64

// staleName matches our namespace names: gs<test>-<pid>-<n>-<a|r|b>.
var staleName = regexp.MustCompile(`^` + namePrefix + `[a-z0-9]*-([0-9]+)-[0-9]+-[arb]$`)

type labState struct {
	mu      sync.Mutex
	closers []io.Closer
	procs   []*Proc
}

// Proc is a command started in a namespace with Start.
type Proc struct {
	Cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// Done is closed when the command has exited.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Err returns the command's exit error once Done is closed.
func (p *Proc) Err() error {
	<-p.done
	return p.err
}

// Require skips the test when it cannot build namespaces: not root, or no
// ip command.
func Require(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("skipped: needs root (creates network namespaces and veth pairs); run as root, e.g. sudo -E go test ./...")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("skipped: needs iproute2 (the ip command was not found in PATH)")
	}
}

// NewLab creates the namespaces A, R and B with the topology of the
// package comment and removes them when the test ends (also when it
// fails). It calls Require first.
func NewLab(t testing.TB) *Lab {
	t.Helper()
	return newLab(t, false)
}

// NewPair creates namespaces A and B joined by one veth pair: a0 in A
// (198.18.1.2/24, 2001:db8:1::2/64) and b0 in B (198.18.1.3/24,
// 2001:db8:1::3/64). It calls Require first.
func NewPair(t testing.TB) *Lab {
	t.Helper()
	return newLab(t, true)
}

func newLab(t testing.TB, pair bool) *Lab {
	t.Helper()
	Require(t)
	sweepStale()
	l := newLabValues(t, pair)
	l.state = &labState{}
	t.Cleanup(l.cleanup)
	id := fmt.Sprintf("%s%s-%d-%d", namePrefix, shortName(t.Name()), os.Getpid(), labCounter.Add(1))
	for _, ns := range l.namespaces() {
		name := id + "-" + strings.ToLower(ns.String())
		if out, err := exec.Command("ip", "netns", "add", name).CombinedOutput(); err != nil {
			t.Fatalf("netns: ip netns add %s: %v: %s", name, err, bytes.TrimSpace(out))
		}
		l.names[ns] = name
	}
	if err := l.setup(); err != nil {
		t.Fatalf("netns: building the %s: %v", l.kind(), err)
	}
	return l
}

func (l *Lab) kind() string {
	if l.pair {
		return "namespace pair"
	}
	return "lab"
}

func (l *Lab) namespaces() []NS {
	if l.pair {
		return []NS{A, B}
	}
	return []NS{A, R, B}
}

// shortName turns a test name into at most 10 characters of [a-z0-9].
func shortName(s string) string {
	s = strings.TrimPrefix(s, "Test")
	s = strings.TrimPrefix(s, "Benchmark")
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			if b.Len() == 10 {
				break
			}
		}
	}
	return b.String()
}

// sweepStale deletes namespaces this package created in test processes
// that no longer exist (a test binary killed before its cleanup ran).
func sweepStale() {
	ents, err := os.ReadDir(netnsDir)
	if err != nil {
		return
	}
	for _, e := range ents {
		m := staleName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() || unix.Kill(pid, 0) != unix.ESRCH {
			continue
		}
		deleteNamespace(e.Name())
	}
}

// deleteNamespace stops the processes left in namespace name and deletes
// it.
func deleteNamespace(name string) {
	for range 2 {
		out, err := exec.Command("ip", "netns", "pids", name).Output()
		if err != nil || len(bytes.TrimSpace(out)) == 0 {
			break
		}
		for _, f := range strings.Fields(string(out)) {
			if pid, err := strconv.Atoi(f); err == nil && pid > 1 && pid != os.Getpid() {
				unix.Kill(pid, unix.SIGKILL)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	exec.Command("ip", "netns", "del", name).Run()
}

func (l *Lab) cleanup() {
	st := l.state
	st.mu.Lock()
	closers, procs := st.closers, st.procs
	st.closers, st.procs = nil, nil
	st.mu.Unlock()
	for i := len(closers) - 1; i >= 0; i-- {
		closers[i].Close()
	}
	for _, p := range procs {
		p.Cmd.Process.Kill()
		<-p.done
	}
	for _, ns := range l.namespaces() {
		if name := l.names[ns]; name != "" {
			deleteNamespace(name)
		}
	}
}

// ip runs the ip command.
func ip(args ...string) error {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

func (l *Lab) setup() error {
	nA, nR, nB := l.names[A], l.names[R], l.names[B]
	for _, ns := range l.namespaces() {
		if err := ip("-n", l.names[ns], "link", "set", "lo", "up"); err != nil {
			return err
		}
		err := l.Do(ns, func() error {
			for _, kv := range [][2]string{
				{"net/ipv6/conf/default/accept_dad", "0"}, {"net/ipv6/conf/all/accept_dad", "0"},
				{"net/ipv6/conf/default/accept_ra", "0"}, {"net/ipv6/conf/all/accept_ra", "0"},
				{"net/ipv4/conf/default/rp_filter", "0"}, {"net/ipv4/conf/all/rp_filter", "0"},
			} {
				if err := writeSysctl(kv[0], kv[1]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	var cmds [][]string
	if l.pair {
		cmds = [][]string{
			{"-n", nA, "link", "add", "a0", "index", "10", "address", l.MACA.String(), "type", "veth", "peer", "name", "b0", "index", "11", "netns", nB, "address", l.MACB.String()},
			{"-n", nA, "addr", "add", "198.18.1.2/24", "dev", "a0"},
			{"-n", nA, "addr", "add", "2001:db8:1::2/64", "dev", "a0", "nodad"},
			{"-n", nB, "addr", "add", "198.18.1.3/24", "dev", "b0"},
			{"-n", nB, "addr", "add", "2001:db8:1::3/64", "dev", "b0", "nodad"},
			{"-n", nA, "link", "set", "a0", "up"},
			{"-n", nB, "link", "set", "b0", "up"},
		}
	} else {
		cmds = [][]string{
			{"-n", nA, "link", "add", "a0", "index", "10", "address", l.MACA.String(), "type", "veth", "peer", "name", "ra", "index", "11", "netns", nR, "address", "02:00:00:00:01:a2"},
			{"-n", nB, "link", "add", "b0", "index", "12", "address", l.MACB.String(), "type", "veth", "peer", "name", "rb", "index", "13", "netns", nR, "address", "02:00:00:00:01:b3"},
			{"-n", nB, "link", "add", "b1", "index", "14", "address", l.MACBFar.String(), "type", "veth", "peer", "name", "r1", "index", "15", "netns", nR, "address", l.MACRFar.String()},
			{"-n", nR, "link", "add", "br0", "index", "16", "address", l.MACR.String(), "type", "bridge", "stp_state", "0", "forward_delay", "0", "mcast_snooping", "0"},
			{"-n", nR, "link", "set", "ra", "master", "br0"},
			{"-n", nR, "link", "set", "rb", "master", "br0"},
			{"-n", nR, "addr", "add", "198.18.1.1/24", "dev", "br0"},
			{"-n", nR, "addr", "add", "2001:db8:1::1/64", "dev", "br0", "nodad"},
			{"-n", nR, "addr", "add", "198.18.2.1/24", "dev", "r1"},
			{"-n", nR, "addr", "add", "2001:db8:2::1/64", "dev", "r1", "nodad"},
			{"-n", nA, "addr", "add", "198.18.1.2/24", "dev", "a0"},
			{"-n", nA, "addr", "add", "2001:db8:1::2/64", "dev", "a0", "nodad"},
			{"-n", nB, "addr", "add", "198.18.1.3/24", "dev", "b0"},
			{"-n", nB, "addr", "add", "2001:db8:1::3/64", "dev", "b0", "nodad"},
			{"-n", nB, "addr", "add", "198.18.2.2/24", "dev", "b1"},
			{"-n", nB, "addr", "add", "2001:db8:2::2/64", "dev", "b1", "nodad"},
			{"-n", nR, "link", "set", "br0", "up"},
			{"-n", nR, "link", "set", "ra", "up"},
			{"-n", nR, "link", "set", "rb", "up"},
			{"-n", nR, "link", "set", "r1", "up"},
			{"-n", nA, "link", "set", "a0", "up"},
			{"-n", nB, "link", "set", "b0", "up"},
			{"-n", nB, "link", "set", "b1", "up"},
		}
	}
	for _, c := range cmds {
		if err := ip(c...); err != nil {
			return err
		}
	}
	if !l.pair {
		err := l.Do(R, func() error {
			if err := writeSysctl("net/ipv4/ip_forward", "1"); err != nil {
				return err
			}
			return writeSysctl("net/ipv6/conf/all/forwarding", "1")
		})
		if err != nil {
			return err
		}
		for _, c := range [][]string{
			{"-n", nA, "route", "add", "default", "via", "198.18.1.1"},
			{"-n", nA, "-6", "route", "add", "default", "via", "2001:db8:1::1"},
			{"-n", nB, "route", "add", "default", "via", "198.18.2.1"},
			{"-n", nB, "-6", "route", "add", "default", "via", "2001:db8:2::1"},
		} {
			if err := ip(c...); err != nil {
				return err
			}
		}
	}
	// Offloads off, so captures show real checksums and no super-packets.
	for ns, devs := range l.devices() {
		err := l.Do(ns, func() error {
			for _, d := range devs {
				offloadsOff(d)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return l.waitRunning(l.devices(), 5*time.Second)
}

// waitRunning waits until every interface can carry traffic: until
// then the kernel silently drops what is sent, and IPv6 does not use
// the addresses of an interface. An interface that gets carrier after it
// was brought up (a veth when its peer comes up, the bridge when a port
// does) is made ready by a kernel worker: at once for an "urgent" change,
// within a second otherwise. Interfaces get indexes that differ from
// their veth peer's, and the bridge comes up before its ports, which
// makes every change urgent.
func (l *Lab) waitRunning(devices map[NS][]string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for ns, devs := range devices {
		for {
			out, err := exec.Command("ip", "-n", l.names[ns], "-o", "link", "show").CombinedOutput()
			if err != nil {
				return fmt.Errorf("ip -n %s link show: %v: %s", l.names[ns], err, bytes.TrimSpace(out))
			}
			waiting := ""
			for _, d := range devs {
				if !linkReady(string(out), d) {
					waiting = d
					break
				}
			}
			if waiting == "" {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("interface %s in %s is not up after %v", waiting, l.names[ns], limit)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	return nil
}

// linkReady reports whether `ip -o link show` output says device dev has
// carrier (LOWER_UP), an active queue (not "noop") and the operational
// state UP.
func linkReady(out, dev string) bool {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimSuffix(f[1], ":"), "@")
		if name != dev {
			continue
		}
		return strings.Contains(f[2], "LOWER_UP") && !strings.Contains(line, " qdisc noop ") &&
			strings.Contains(line, " state UP ")
	}
	return false
}

// devices lists the interfaces of each namespace.
func (l *Lab) devices() map[NS][]string {
	if l.pair {
		return map[NS][]string{A: {"a0"}, B: {"b0"}}
	}
	return map[NS][]string{A: {"a0"}, R: {"ra", "rb", "r1", "br0"}, B: {"b0", "b1"}}
}

// writeSysctl writes a sysctl of the calling thread's network namespace
// (key as a path under /proc/sys). A sysctl the kernel does not have (no
// IPv6, say) is skipped.
func writeSysctl(key, value string) error {
	err := os.WriteFile(filepath.Join("/proc/sys", key), []byte(value), 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// Sysctl sets a sysctl ("net/ipv4/ip_forward", or with dots) in
// namespace ns.
func (l *Lab) Sysctl(ns NS, key, value string) error {
	key = strings.ReplaceAll(key, ".", "/")
	return l.Do(ns, func() error {
		return os.WriteFile(filepath.Join("/proc/sys", key), []byte(value), 0)
	})
}

// ethtool ioctl structures (legacy single-value commands).
type ethtoolValue struct{ cmd, data uint32 }

type ifreqPtr struct {
	name [unix.IFNAMSIZ]byte
	data unsafe.Pointer
	_    [16]byte
}

// offloadsOff turns off checksum offload, TSO, GSO and GRO on dev, as
// `ethtool -K dev tx off tso off gso off gro off` does, without needing
// ethtool. Errors are ignored: a device without the feature keeps going.
func offloadsOff(dev string) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return
	}
	defer unix.Close(fd)
	for _, cmd := range []uint32{unix.ETHTOOL_STXCSUM, unix.ETHTOOL_STSO, unix.ETHTOOL_SGSO, unix.ETHTOOL_SGRO} {
		v := ethtoolValue{cmd: cmd}
		var ifr ifreqPtr
		copy(ifr.name[:unix.IFNAMSIZ-1], dev)
		ifr.data = unsafe.Pointer(&v)
		unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.SIOCETHTOOL, uintptr(unsafe.Pointer(&ifr)))
		runtime.KeepAlive(&v)
	}
}

// txChecksumOn reports whether transmit checksum offload is on for dev in
// the calling thread's namespace (for tests of the harness).
func txChecksumOn(dev string) (bool, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return false, err
	}
	defer unix.Close(fd)
	v := ethtoolValue{cmd: unix.ETHTOOL_GTXCSUM}
	var ifr ifreqPtr
	copy(ifr.name[:unix.IFNAMSIZ-1], dev)
	ifr.data = unsafe.Pointer(&v)
	_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), unix.SIOCETHTOOL, uintptr(unsafe.Pointer(&ifr)))
	runtime.KeepAlive(&v)
	if e != 0 {
		return false, e
	}
	return v.data != 0, nil
}

// threadNetns opens the network namespace of the calling thread.
func threadNetns() (*os.File, error) {
	f, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		f, err = os.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()))
	}
	return f, err
}

// Do runs fn on the calling goroutine, locked to its OS thread, with the
// thread switched into namespace ns; the thread is switched back
// afterwards. Sockets fn opens stay in ns whichever goroutine uses them
// later; goroutines fn starts do not run in ns. fn may call t.FailNow.
func (l *Lab) Do(ns NS, fn func() error) error {
	name := l.Name(ns)
	if name == "" {
		return fmt.Errorf("netns: the %s has no namespace %v", l.kind(), ns)
	}
	target, err := os.Open(filepath.Join(netnsDir, name))
	if err != nil {
		return fmt.Errorf("netns: %w", err)
	}
	defer target.Close()
	runtime.LockOSThread()
	orig, err := threadNetns()
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("netns: current namespace: %w", err)
	}
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		orig.Close()
		runtime.UnlockOSThread()
		return fmt.Errorf("netns: entering %s: %w", name, err)
	}
	var restoreErr error
	defer func() {
		if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
			// The thread stays locked: it ends with the goroutine and
			// never runs other goroutines in the wrong namespace.
			restoreErr = fmt.Errorf("netns: leaving %s: %w", name, err)
		} else {
			runtime.UnlockOSThread()
		}
		orig.Close()
	}()
	err = fn()
	return errors.Join(err, restoreErr)
}

// Exec runs a command in namespace ns (`ip netns exec`) and returns its
// combined output; the error includes the output.
func (l *Lab) Exec(ns NS, cmd ...string) ([]byte, error) {
	name := l.Name(ns)
	if name == "" {
		return nil, fmt.Errorf("netns: the %s has no namespace %v", l.kind(), ns)
	}
	if len(cmd) == 0 {
		return nil, errors.New("netns: exec: no command")
	}
	out, err := exec.Command("ip", append([]string{"netns", "exec", name}, cmd...)...).CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("netns: %s in %s: %w: %s", strings.Join(cmd, " "), name, err, bytes.TrimSpace(out))
	}
	return out, nil
}

// Start starts a command in namespace ns in the background; it is killed
// when the test ends. Its output goes to out (nil discards it). The lab
// waits for it: use the Proc, not Cmd.Wait.
func (l *Lab) Start(ns NS, out io.Writer, cmd ...string) (*Proc, error) {
	name := l.Name(ns)
	if name == "" {
		return nil, fmt.Errorf("netns: the %s has no namespace %v", l.kind(), ns)
	}
	if len(cmd) == 0 {
		return nil, errors.New("netns: start: no command")
	}
	c := exec.Command("ip", append([]string{"netns", "exec", name}, cmd...)...)
	c.Stdout, c.Stderr = out, out
	if err := c.Start(); err != nil {
		return nil, fmt.Errorf("netns: %s in %s: %w", strings.Join(cmd, " "), name, err)
	}
	p := &Proc{Cmd: c, done: make(chan struct{})}
	go func() {
		p.err = c.Wait()
		close(p.done)
	}()
	l.state.mu.Lock()
	l.state.procs = append(l.state.procs, p)
	l.state.mu.Unlock()
	return p, nil
}

// AddCloser registers c to be closed when the lab is torn down, before
// the namespaces are deleted.
func (l *Lab) AddCloser(c io.Closer) {
	l.state.mu.Lock()
	l.state.closers = append(l.state.closers, c)
	l.state.mu.Unlock()
}

// Listen opens a listener in namespace ns (net.Listen); it is closed when
// the test ends.
func (l *Lab) Listen(ns NS, network, addr string) (net.Listener, error) {
	var ln net.Listener
	err := l.Do(ns, func() error {
		var err error
		ln, err = net.Listen(network, addr)
		return err
	})
	if err != nil {
		return nil, err
	}
	l.AddCloser(ln)
	return ln, nil
}

// ListenPacket opens a packet listener in namespace ns (net.ListenPacket);
// it is closed when the test ends.
func (l *Lab) ListenPacket(ns NS, network, addr string) (net.PacketConn, error) {
	var pc net.PacketConn
	err := l.Do(ns, func() error {
		var err error
		pc, err = net.ListenPacket(network, addr)
		return err
	})
	if err != nil {
		return nil, err
	}
	l.AddCloser(pc)
	return pc, nil
}

// StartHTTP serves HTTP on TCP port 80 of B (IPv4 and IPv6), answering
// HTTPBody to every request, as netlab's python http.server does.
func (l *Lab) StartHTTP() error {
	ln, err := l.Listen(B, "tcp", ":80")
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			io.WriteString(w, HTTPBody)
		}),
		ReadHeaderTimeout: 5 * time.Second,
	}
	go srv.Serve(ln)
	l.AddCloser(srv)
	return nil
}

// StartDNS runs dnsmasq in B as netlab.sh does: authoritative DNS for
// lab.test on port 53 (a.lab.test, b.lab.test, r.lab.test, far.lab.test
// with A and AAAA records, an MX and a TXT record) and, in a full lab, a
// DHCPv4 pool 198.18.1.100-150 on b0. It waits until port 53 listens. A
// missing dnsmasq gives an error wrapping ErrMissingTool.
func (l *Lab) StartDNS() error {
	bin, err := exec.LookPath("dnsmasq")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/dnsmasq"); serr != nil {
			return fmt.Errorf("netns: dnsmasq %w (install dnsmasq-base)", ErrMissingTool)
		}
		bin = "/usr/sbin/dnsmasq"
	}
	dir, err := os.MkdirTemp("", "goscapy-netns-")
	if err != nil {
		return err
	}
	l.AddCloser(closerFunc(func() error { return os.RemoveAll(dir) }))
	args := []string{bin, "--keep-in-foreground", "--conf-file=/dev/null", "--user=root", "--group=root",
		"--pid-file=" + filepath.Join(dir, "dnsmasq.pid"), "--log-facility=" + filepath.Join(dir, "dnsmasq.log"),
		"--log-queries", "--log-dhcp", "--interface=b0", "--bind-interfaces",
		"--no-resolv", "--no-hosts", "--no-poll", "--domain=lab.test", "--local=/lab.test/",
		"--host-record=r.lab.test,198.18.1.1,2001:db8:1::1",
		"--host-record=a.lab.test,198.18.1.2,2001:db8:1::2",
		"--host-record=b.lab.test,198.18.1.3,2001:db8:1::3",
		"--host-record=far.lab.test,198.18.2.2,2001:db8:2::2",
		"--mx-host=lab.test,b.lab.test,10", "--txt-record=lab.test,netlab packet lab",
		"--dhcp-leasefile=" + filepath.Join(dir, "dnsmasq.leases"), "--dhcp-authoritative",
		"--dhcp-range=198.18.1.100,198.18.1.150,255.255.255.0,1h",
		"--dhcp-option=option:router,198.18.1.1", "--dhcp-option=option:dns-server,198.18.1.3",
	}
	if !l.pair {
		args = append(args, "--interface=b1")
	}
	var out bytes.Buffer
	proc, err := l.Start(B, &syncWriter{w: &out}, args...)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		var up bool
		if err := l.Do(B, func() error {
			var err error
			up, err = listening("udp", 53)
			return err
		}); err != nil {
			return err
		}
		if up {
			return nil
		}
		select {
		case <-proc.Done():
			return fmt.Errorf("netns: dnsmasq exited: %v: %s", proc.Err(), bytes.TrimSpace(out.Bytes()))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return errors.New("netns: dnsmasq does not listen on port 53 after 5s")
		}
	}
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// listening reports whether a socket of the calling thread's namespace
// listens on port (TCP) or is bound to it (UDP), from /proc/thread-self/net.
func listening(proto string, port int) (bool, error) {
	want := fmt.Sprintf(":%04X", port)
	for _, f := range []string{proto, proto + "6"} {
		fh, err := os.Open("/proc/thread-self/net/" + f)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			return false, err
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) < 4 || !strings.HasSuffix(fs[1], want) {
				continue
			}
			if proto == "udp" || fs[3] == "0A" { // TCP_LISTEN
				fh.Close()
				return true, nil
			}
		}
		fh.Close()
	}
	return false, nil
}
