//go:build linux

package lab

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// netnsDir is where `ip netns` keeps its namespaces; ours go there too.
const netnsDir = "/run/netns"

var nsName = regexp.MustCompile(`^` + Prefix + `-([a-z0-9]{1,8})-[arb]$`)

var all = []NS{A, R, B}

// Check reports whether the caller may build a lab: root, or the
// capabilities CAP_NET_ADMIN, CAP_NET_RAW and CAP_SYS_ADMIN. The error
// wraps ErrPermission.
func Check() error {
	if os.Geteuid() == 0 {
		return nil
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err == nil {
		has := func(c uint) bool { return data[c/32].Effective&(1<<(c%32)) != 0 }
		if has(unix.CAP_NET_ADMIN) && has(unix.CAP_NET_RAW) && has(unix.CAP_SYS_ADMIN) {
			return nil
		}
	}
	return fmt.Errorf("lab: %w (and CAP_SYS_ADMIN to mount network namespaces); run as root, e.g. with sudo", ErrPermission)
}

func permErr(err error) error {
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
		return fmt.Errorf("%w: %w", ErrPermission, err)
	}
	return err
}

// List returns the IDs of the labs that are up, sorted.
func List() ([]string, error) {
	ents, err := os.ReadDir(netnsDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range ents {
		if m := nsName.FindStringSubmatch(e.Name()); m != nil && !slices.Contains(ids, m[1]) {
			ids = append(ids, m[1])
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// Open returns the lab with this ID that is up (any of its namespaces
// exists); ErrNotFound otherwise.
func Open(id string) (*Lab, error) {
	if !validID(id) {
		return nil, fmt.Errorf("lab %q: %w: 1 to 8 lowercase letters or digits", id, ErrName)
	}
	l := &Lab{Topology: Default, ID: id}
	for _, ns := range all {
		if _, err := os.Stat(filepath.Join(netnsDir, l.Name(ns))); err == nil {
			return l, nil
		}
	}
	return nil, fmt.Errorf("lab %q: %w", id, ErrNotFound)
}

// Up builds a new lab; id "" picks a fresh one. On error, whatever was
// built is removed.
func Up(ctx context.Context, id string) (*Lab, error) {
	if err := Check(); err != nil {
		return nil, err
	}
	if id == "" {
		var b [3]byte
		rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	if !validID(id) {
		return nil, fmt.Errorf("lab %q: %w: 1 to 8 lowercase letters or digits", id, ErrName)
	}
	l := &Lab{Topology: Default, ID: id}
	if _, err := Open(id); err == nil {
		return nil, fmt.Errorf("lab %q is already up", id)
	}
	if err := l.build(ctx); err != nil {
		l.Down()
		return nil, fmt.Errorf("lab %s: %w", id, permErr(err))
	}
	return l, nil
}

// ensureNetnsDir makes /run/netns a shared mount point, as `ip netns`
// does, so the namespaces mounted there are seen by every mount
// namespace.
func ensureNetnsDir() error {
	if err := os.MkdirAll(netnsDir, 0o755); err != nil {
		return err
	}
	err := unix.Mount("", netnsDir, "none", unix.MS_SHARED|unix.MS_REC, "")
	if errors.Is(err, unix.EINVAL) {
		if err := unix.Mount(netnsDir, netnsDir, "none", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			return fmt.Errorf("mount %s: %w", netnsDir, err)
		}
		err = unix.Mount("", netnsDir, "none", unix.MS_SHARED|unix.MS_REC, "")
	}
	if err != nil {
		return fmt.Errorf("mount %s shared: %w", netnsDir, err)
	}
	return nil
}

// createNS creates a named network namespace: a new namespace made on a
// thread of its own and bind-mounted on /run/netns/NAME.
func createNS(name string) error {
	path := filepath.Join(netnsDir, name)
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE|os.O_EXCL, 0)
	if err != nil {
		return err
	}
	f.Close()
	done := make(chan error, 1)
	go func() {
		// The thread is never unlocked: it ends with this goroutine and
		// never runs other code in the new namespace.
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			done <- fmt.Errorf("unshare: %w", err)
			return
		}
		if err := unix.Mount("/proc/thread-self/ns/net", path, "none", unix.MS_BIND, ""); err != nil {
			done <- fmt.Errorf("mount %s: %w", path, err)
			return
		}
		done <- nil
	}()
	if err := <-done; err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// deleteNS stops the processes left in a namespace and removes it.
func deleteNS(name string) error {
	path := filepath.Join(netnsDir, name)
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		if errors.Is(err, unix.ENOENT) {
			return nil
		}
		return err
	}
	killIn(st.Dev, st.Ino)
	if err := unix.Unmount(path, unix.MNT_DETACH); err != nil && !errors.Is(err, unix.EINVAL) {
		return fmt.Errorf("unmount %s: %w", path, err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// killIn kills the processes whose network namespace is (dev, ino).
func killIn(dev, ino uint64) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	self := os.Getpid()
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 1 || pid == self {
			continue
		}
		var st unix.Stat_t
		if unix.Stat("/proc/"+e.Name()+"/ns/net", &st) == nil && st.Dev == dev && st.Ino == ino {
			unix.Kill(pid, syscall.SIGKILL)
		}
	}
}

// Down removes the lab: its namespaces with their links, and processes
// left running in them.
func (l *Lab) Down() error {
	var errs []error
	for _, ns := range all {
		if err := deleteNS(l.Name(ns)); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("lab %s: %w", l.ID, permErr(err))
	}
	return nil
}

func threadNetns() (*os.File, error) {
	f, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		f, err = os.Open(fmt.Sprintf("/proc/self/task/%d/ns/net", unix.Gettid()))
	}
	return f, err
}

// Do runs fn on the calling goroutine, locked to its OS thread, with the
// thread switched into namespace ns, and switches it back afterwards.
// Sockets fn opens stay in ns whichever goroutine uses them later;
// goroutines fn starts do not run in ns.
func (l *Lab) Do(ns NS, fn func() error) error {
	if ns < A || ns > B {
		return fmt.Errorf("lab: no namespace %v", ns)
	}
	name := l.Name(ns)
	target, err := os.Open(filepath.Join(netnsDir, name))
	if err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	defer target.Close()
	runtime.LockOSThread()
	orig, err := threadNetns()
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("lab: current namespace: %w", err)
	}
	if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
		orig.Close()
		runtime.UnlockOSThread()
		return fmt.Errorf("lab: entering %s: %w", name, permErr(err))
	}
	var restoreErr error
	defer func() {
		if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
			// The thread stays locked and ends with the goroutine.
			restoreErr = fmt.Errorf("lab: leaving %s: %w", name, err)
		} else {
			runtime.UnlockOSThread()
		}
		orig.Close()
	}()
	err = fn()
	return errors.Join(err, restoreErr)
}

// withNL runs fn with a netlink socket of namespace ns.
func (l *Lab) withNL(ns NS, fn func(c *nl) error) error {
	return l.Do(ns, func() error {
		c, err := openNL()
		if err != nil {
			return err
		}
		defer c.close()
		return fn(c)
	})
}

func writeSysctl(key, value string) error {
	err := os.WriteFile(filepath.Join("/proc/sys", key), []byte(value), 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

func ifindex(name string) (int, error) {
	ifc, err := net.InterfaceByName(name)
	if err != nil {
		return 0, err
	}
	return ifc.Index, nil
}

// devices lists the interfaces of each namespace.
func (l *Lab) devices() map[NS][]string {
	return map[NS][]string{A: {l.IfaceA}, R: {"ra", "rb", l.IfaceRFar, l.IfaceR}, B: {l.IfaceB, l.IfaceBFar}}
}

func (l *Lab) build(ctx context.Context) error {
	if err := ensureNetnsDir(); err != nil {
		return err
	}
	for _, ns := range all {
		if err := createNS(l.Name(ns)); err != nil {
			return err
		}
	}
	rfile, err := os.Open(filepath.Join(netnsDir, l.Name(R)))
	if err != nil {
		return err
	}
	defer rfile.Close()
	rfd := int(rfile.Fd())
	for _, ns := range all {
		err := l.withNL(ns, func(c *nl) error {
			for _, kv := range [][2]string{
				{"net/ipv6/conf/default/accept_dad", "0"}, {"net/ipv6/conf/all/accept_dad", "0"},
				{"net/ipv6/conf/default/accept_ra", "0"}, {"net/ipv6/conf/all/accept_ra", "0"},
				{"net/ipv4/conf/default/rp_filter", "0"}, {"net/ipv4/conf/all/rp_filter", "0"},
			} {
				if err := writeSysctl(kv[0], kv[1]); err != nil {
					return err
				}
			}
			return c.setUp("lo", 0)
		})
		if err != nil {
			return err
		}
	}
	pfx := func(a netip.Addr, p netip.Prefix) netip.Prefix { return netip.PrefixFrom(a, p.Bits()) }
	addrs := func(c *nl, dev string, ps ...netip.Prefix) error {
		idx, err := ifindex(dev)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if err := c.addAddr(idx, p); err != nil {
				return err
			}
		}
		return nil
	}
	// A: a0 (peer ra in R), its addresses, its default routes.
	err = l.withNL(A, func(c *nl) error {
		if err := c.addVeth(l.IfaceA, l.MACA, "ra", [6]byte{2, 0, 0, 0, 1, 0xa2}, rfd); err != nil {
			return err
		}
		return addrs(c, l.IfaceA, pfx(l.A4, l.LAN4), pfx(l.A6, l.LAN6))
	})
	if err != nil {
		return err
	}
	err = l.withNL(B, func(c *nl) error {
		if err := c.addVeth(l.IfaceB, l.MACB, "rb", [6]byte{2, 0, 0, 0, 1, 0xb3}, rfd); err != nil {
			return err
		}
		if err := c.addVeth(l.IfaceBFar, l.MACBFar, l.IfaceRFar, l.MACRFar, rfd); err != nil {
			return err
		}
		if err := addrs(c, l.IfaceB, pfx(l.B4, l.LAN4), pfx(l.B6, l.LAN6)); err != nil {
			return err
		}
		return addrs(c, l.IfaceBFar, pfx(l.BFar4, l.Far4), pfx(l.BFar6, l.Far6))
	})
	if err != nil {
		return err
	}
	err = l.withNL(R, func(c *nl) error {
		if err := c.addBridge(l.IfaceR, l.MACR); err != nil {
			return err
		}
		br, err := ifindex(l.IfaceR)
		if err != nil {
			return err
		}
		if err := c.setUp(l.IfaceR, 0); err != nil {
			return err
		}
		for _, port := range []string{"ra", "rb"} {
			if err := c.setUp(port, br); err != nil {
				return err
			}
		}
		if err := c.setUp(l.IfaceRFar, 0); err != nil {
			return err
		}
		if err := addrs(c, l.IfaceR, pfx(l.R4, l.LAN4), pfx(l.R6, l.LAN6)); err != nil {
			return err
		}
		if err := addrs(c, l.IfaceRFar, pfx(l.RFar4, l.Far4), pfx(l.RFar6, l.Far6)); err != nil {
			return err
		}
		if err := writeSysctl("net/ipv4/ip_forward", "1"); err != nil {
			return err
		}
		return writeSysctl("net/ipv6/conf/all/forwarding", "1")
	})
	if err != nil {
		return err
	}
	err = l.withNL(A, func(c *nl) error {
		if err := c.setUp(l.IfaceA, 0); err != nil {
			return err
		}
		if err := c.addDefault(l.R4); err != nil {
			return err
		}
		return c.addDefault(l.R6)
	})
	if err != nil {
		return err
	}
	err = l.withNL(B, func(c *nl) error {
		for _, d := range []string{l.IfaceB, l.IfaceBFar} {
			if err := c.setUp(d, 0); err != nil {
				return err
			}
		}
		if err := c.addDefault(l.RFar4); err != nil {
			return err
		}
		return c.addDefault(l.RFar6)
	})
	if err != nil {
		return err
	}
	for ns, devs := range l.devices() {
		l.Do(ns, func() error {
			for _, d := range devs {
				offloadsOff(d)
			}
			return nil
		})
	}
	return l.waitRunning(ctx, 5*time.Second)
}

// waitRunning waits until every interface is running (carrier and
// operational state up): until then the kernel drops what is sent.
func (l *Lab) waitRunning(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for ns, devs := range l.devices() {
		for _, d := range devs {
			for {
				var up bool
				err := l.Do(ns, func() error {
					ifc, err := net.InterfaceByName(d)
					if err != nil {
						return err
					}
					up = ifc.Flags&net.FlagRunning != 0
					return nil
				})
				if err != nil {
					return err
				}
				if up {
					break
				}
				if time.Now().After(deadline) {
					return fmt.Errorf("interface %s in %s is not running after %v", d, l.Name(ns), limit)
				}
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(5 * time.Millisecond):
				}
			}
		}
	}
	return nil
}

// ethtool ioctl structures (legacy single-value commands).
type ethtoolValue struct{ cmd, data uint32 }

type ifreqPtr struct {
	name [unix.IFNAMSIZ]byte
	data unsafe.Pointer
	_    [16]byte
}

// offloadsOff turns off checksum offload, TSO, GSO and GRO on dev, so
// captures show real checksums and no super-packets. Errors are
// ignored: a device without the feature keeps going.
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
