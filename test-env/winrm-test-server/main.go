// A WinRM test server for Kiln's WinRM communicator tests (test-env/build-winrm-test-server.sh
// builds it from Debian's golang-github-dylanmei-winrmtest-dev, the WS-Management test peer that
// Packer's own WinRM communicator tests use).
//
// winrmtest answers the WS-Management protocol (Create shell, Command, Receive, Signal, Delete)
// and hands each command's text to a handler; this program adds what a test of a communicator
// needs around it:
//
//   - handlers that act, not canned answers: the commands Kiln sends to upload a file as
//     packer-community/winrmcp does (`echo <base64> >> "%TEMP%\winrmcp-*.tmp"`, then the
//     PowerShell script that decodes the temporary file into the destination and removes it) write
//     into an in-memory file system, and Kiln's chunked download script reads it back, so a
//     transfer really round-trips (src/communicators/winrm/file-copy.ts writes the scripts these
//     handlers recognise);
//   - Basic authentication (-user, -password; none when -user is empty, as behind the NTLM front
//     test-env/winrm-ntlm-front.py);
//   - HTTPS with a self-signed certificate made at start (-tls);
//   - a few test commands: `echo TEXT`, `exit /b N`, `kiln-test-sha256 PATH` (the stored file's
//     size and SHA-256), `kiln-test-ls` (stored paths), `kiln-test-sleep MS`;
//   - stored batch files run as the windows-shell provisioner runs them (`set "K=V" && ` prefixes,
//     then the quoted path of a .bat or .cmd file): each line is one of the commands above, with
//     %K% replaced by the value set, until `exit /b N` or the end; the last exit code is the file's.
//
// It prints "listening on ADDR" once it accepts connections, and logs every command it runs to
// stderr. (winrmtest runs a command when its output is first received and returns all of its
// standard output in that one response; it never returns standard error: the handlers print
// errors on standard output.)
package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"

	"github.com/dylanmei/winrmtest"
)

type fileSystem struct {
	mu      sync.Mutex
	files   map[string][]byte
	pending []string // command texts matched but not yet run (winrmtest runs them on Receive)
}

func normalize(p string) string {
	p = strings.Trim(strings.TrimSpace(p), `'"`)
	p = strings.ReplaceAll(p, "/", `\`)
	for _, temp := range []string{`$env:TEMP\`, `%TEMP%\`} {
		if strings.HasPrefix(p, temp) {
			p = `TEMP\` + p[len(temp):]
		}
	}
	return p
}

var (
	appendRe   = regexp.MustCompile(`^echo (\S+) >> "([^"]+)"$`)
	encodedRe  = regexp.MustCompile(`^powershell(?:\.exe)? -EncodedCommand (\S+)$`)
	restoreRe  = regexp.MustCompile(`\$tmp = Join-Path \$env:TEMP '([^']+)'\n\$dest = \[System\.IO\.Path\]::GetFullPath\('((?:[^']|'')*)'\)`)
	downloadRe = regexp.MustCompile(`GetFullPath\('((?:[^']|'')*)'\); \$o = (\d+); \$n = (\d+);`)
	echoRe     = regexp.MustCompile(`^echo (.*)$`)
	exitRe     = regexp.MustCompile(`^exit /b (\d+)$`)
	shaRe      = regexp.MustCompile(`^kiln-test-sha256 (.+)$`)
	sleepRe    = regexp.MustCompile(`^kiln-test-sleep (\d+)$`)
	batchRe    = regexp.MustCompile(`^((?:set "[^"=]+=[^"]*" && )*)"([^"]+\.(?:bat|cmd))"$`)
	setRe      = regexp.MustCompile(`set "([^"=]+)=([^"]*)" && `)
	varRe      = regexp.MustCompile(`%([^%\s]+)%`)
)

// unquote reads a PowerShell single-quoted literal's text (a doubled quote is one quote).
func unquote(s string) string { return strings.ReplaceAll(s, "''", "'") }

func decodePowerShell(encoded string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", err
	}
	if len(raw)%2 != 0 {
		return "", fmt.Errorf("odd UTF-16 length")
	}
	units := make([]uint16, len(raw)/2)
	for i := range units {
		units[i] = binary.LittleEndian.Uint16(raw[2*i:])
	}
	return string(utf16.Decode(units)), nil
}

// run executes one command text against the file system; what it prints is the command's output.
func (fs *fileSystem) run(text string, out io.Writer) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.runLocked(text, out)
}

// batch runs a stored batch file's lines, with the variables its `set` prefixes gave.
func (fs *fileSystem) batch(sets, path string, out io.Writer) int {
	content, ok := fs.files[normalize(path)]
	if !ok {
		fmt.Fprintf(out, "The system cannot find the path specified.\r\n")
		return 1
	}
	vars := map[string]string{}
	for _, m := range setRe.FindAllStringSubmatch(sets, -1) {
		vars[strings.ToUpper(m[1])] = m[2]
	}
	code := 0
	for _, line := range strings.Split(strings.ReplaceAll(string(content), "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		line = varRe.ReplaceAllStringFunc(line, func(v string) string {
			if value, ok := vars[strings.ToUpper(strings.Trim(v, "%"))]; ok {
				return value
			}
			return v
		})
		code = fs.runLocked(line, out)
		if exitRe.MatchString(line) {
			break
		}
	}
	return code
}

func (fs *fileSystem) runLocked(text string, out io.Writer) int {
	if m := batchRe.FindStringSubmatch(text); m != nil {
		return fs.batch(m[1], m[2], out)
	}
	if m := appendRe.FindStringSubmatch(text); m != nil {
		// cmd's echo keeps the space before the redirection and ends the line with CRLF.
		key := normalize(m[2])
		fs.files[key] = append(fs.files[key], []byte(m[1]+" \r\n")...)
		return 0
	}
	if m := encodedRe.FindStringSubmatch(text); m != nil {
		script, err := decodePowerShell(m[1])
		if err != nil {
			fmt.Fprintf(out, "cannot decode the encoded command: %v\r\n", err)
			return 1
		}
		return fs.powershell(script, out)
	}
	if m := exitRe.FindStringSubmatch(text); m != nil {
		code, _ := strconv.Atoi(m[1])
		return code
	}
	if m := shaRe.FindStringSubmatch(text); m != nil {
		content, ok := fs.files[normalize(m[1])]
		if !ok {
			fmt.Fprintf(out, "The system cannot find the file specified.\r\n")
			return 1
		}
		fmt.Fprintf(out, "%d %x\r\n", len(content), sha256.Sum256(content))
		return 0
	}
	if text == "kiln-test-ls" {
		paths := make([]string, 0, len(fs.files))
		for p := range fs.files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			fmt.Fprintf(out, "%s\r\n", p)
		}
		return 0
	}
	if m := sleepRe.FindStringSubmatch(text); m != nil {
		ms, _ := strconv.Atoi(m[1])
		fs.mu.Unlock()
		time.Sleep(time.Duration(ms) * time.Millisecond)
		fs.mu.Lock()
		return 0
	}
	if m := echoRe.FindStringSubmatch(text); m != nil {
		fmt.Fprintf(out, "%s\r\n", m[1])
		return 0
	}
	fmt.Fprintf(out, "'%s' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n", strings.Fields(text + " x")[0])
	return 1
}

func (fs *fileSystem) powershell(script string, out io.Writer) int {
	script = strings.TrimPrefix(script, "$ProgressPreference = 'SilentlyContinue';")
	if strings.Contains(script, `echo "WinRM connected."`) {
		fmt.Fprintf(out, "WinRM connected.\r\n")
		return 0
	}
	if m := restoreRe.FindStringSubmatch(script); m != nil {
		tmp, dest := normalize(`TEMP\`+m[1]), normalize(unquote(m[2]))
		for p := range fs.files {
			if strings.HasPrefix(p, dest+`\`) {
				return 1 // the destination is a directory
			}
		}
		var content bytes.Buffer
		for _, line := range strings.Split(string(fs.files[tmp]), "\r\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			chunk, err := base64.StdEncoding.DecodeString(line)
			if err != nil {
				fmt.Fprintf(out, "Exception calling \"FromBase64String\": %v\r\n", err)
				return 1
			}
			content.Write(chunk)
		}
		fs.files[dest] = content.Bytes()
		delete(fs.files, tmp)
		return 0
	}
	if m := downloadRe.FindStringSubmatch(script); m != nil {
		content, ok := fs.files[normalize(unquote(m[1]))]
		if !ok {
			fmt.Fprintf(out, "Exception calling \"Open\" with \"1\" argument(s): \"Could not find file '%s'.\"\r\n", m[1])
			return 1
		}
		offset, _ := strconv.Atoi(m[2])
		length, _ := strconv.Atoi(m[3])
		if offset > len(content) {
			offset = len(content)
		}
		end := offset + length
		if end > len(content) {
			end = len(content)
		}
		fmt.Fprintf(out, "%s\r\n", base64.StdEncoding.EncodeToString(content[offset:end]))
		return 0
	}
	fmt.Fprintf(out, "unknown script: %q\r\n", script)
	return 1
}

func selfSignedCertificate() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	template := x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "kiln-winrm-test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, &template, &template, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	user := flag.String("user", "", "Basic authentication user (none when empty)")
	password := flag.String("password", "", "Basic authentication password")
	useTLS := flag.Bool("tls", false, "serve HTTPS with a self-signed certificate")
	flag.Parse()

	fs := &fileSystem{files: map[string][]byte{}}
	remote := winrmtest.NewRemote()
	defer remote.Close()
	remote.CommandFunc(func(text string) bool {
		fs.mu.Lock()
		fs.pending = append(fs.pending, text)
		fs.mu.Unlock()
		log.Printf("command: %.200s", text)
		return true
	}, func(out, _ io.Writer) int {
		fs.mu.Lock()
		if len(fs.pending) == 0 {
			fs.mu.Unlock()
			return 1
		}
		text := fs.pending[0]
		fs.pending = fs.pending[1:]
		fs.mu.Unlock()
		return fs.run(text, out)
	})

	target, _ := url.Parse(fmt.Sprintf("http://%s:%d", remote.Host, remote.Port))
	proxy := httputil.NewSingleHostReverseProxy(target)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if *user != "" {
			u, p, ok := r.BasicAuth()
			if !ok || u != *user || p != *password {
				w.Header().Set("WWW-Authenticate", `Basic realm="WSMAN"`)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
		}
		if r.URL.Path != "/wsman" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		proxy.ServeHTTP(w, r)
	})

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	if *useTLS {
		cert, err := selfSignedCertificate()
		if err != nil {
			log.Fatal(err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}})
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	os.Stdout.Sync()
	log.Fatal(http.Serve(ln, handler))
}
