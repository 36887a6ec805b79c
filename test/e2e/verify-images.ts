// Small test images for the verify e2e tests, made from the debootstrap base without a build: a perl
// HTTP server with routes that read files the trace may never see, plus files copied in.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { docker } from './run-harness.js';

/**
 * GET / says ok; GET /report serves /opt/data/table.txt (500 without it); GET /greeting serves
 * /etc/app/greeting.txt, falling back to a default; DIE_AFTER=N: exit N s after the last request.
 */
export const SERVER = `use IO::Socket::INET; $| = 1;
my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0", LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die "listen: $!";
$SIG{ALRM} = sub { print "idle, exiting\\n"; exit 3 };
print "serving\\n";
sub slurp { my ($file) = @_; open(my $f, "<", $file) or return undef; local $/; return <$f>; }
while (my $c = $s->accept) {
  my $line = <$c> // ''; my ($path) = $line =~ m{^GET (\\S+)}; $path //= '';
  my ($code, $body) = (200, "ok");
  if ($path eq "/report") { $body = slurp("/opt/data/table.txt") // do { $code = 500; "no table: $!" }; }
  if ($path eq "/greeting") { $body = slurp("/etc/app/greeting.txt") // "hello (default)\\n"; }
  print $c "HTTP/1.0 $code X\\r\\nContent-Type: text/plain\\r\\nContent-Length: " . length($body) . "\\r\\n\\r\\n$body"; close $c;
  alarm $ENV{DIE_AFTER} if $ENV{DIE_AFTER};
}
`;

/** Commits `minify-fixture/base:bookworm` with `files` (path → content, mode 0755 for *.sh) and Dockerfile-style changes. */
export async function buildTestImage(ref: string, scratch: string, files: Readonly<Record<string, string>>, changes: readonly string[]): Promise<void> {
  const root = join(scratch, `root-${ref.replace(/\W/g, '-')}`);
  for (const [path, content] of Object.entries({ '/app/server.pl': SERVER, ...files })) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
  const id = docker(['create', 'minify-fixture/base:bookworm', 'true']);
  try {
    docker(['cp', `${root}/.`, `${id}:/`]);
    docker(['commit', ...['EXPOSE 8080', 'CMD ["perl", "/app/server.pl"]', ...changes].flatMap((change) => ['--change', change]), id, ref]);
  } finally {
    docker(['rm', '-f', '-v', id]);
  }
}
