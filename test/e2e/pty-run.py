# Runs a command with its stderr on a pseudo-terminal of a given width (stdout to a file, stdin from
# /dev/null) and writes everything the terminal received to a file, byte for byte.
import fcntl, os, struct, subprocess, sys, termios

columns, raw_path, stdout_path, *command = sys.argv[1:]
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, int(columns), 0, 0))
with open(stdout_path, 'wb') as out:
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=slave)
os.close(slave)
received = bytearray()
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: the child closed its end
        break
    if not chunk:
        break
    received += chunk
with open(raw_path, 'wb') as raw:
    raw.write(received)
sys.exit(child.wait())
