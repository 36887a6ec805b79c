// Bad input and engine failures become one line with a hint and a distinct exit code, never a stack.
import { describe, expect, it } from 'vitest';
import { engineFailure } from '../../src/engine/engine-error.js';
import { describeFailure, escapeControl, ExitCode, MinifyError } from '../../src/errors.js';
import { checkImageArgument } from '../../src/image/ref.js';

/** What dockerode throws for an engine answer: message "(HTTP code N) reason - engine text", statusCode, json. */
function dockerodeError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, reason: 'unexpected', json: { message } });
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} /var/run/docker.sock`), { code, errno: -2, syscall: 'connect' });
}

describe('checkImageArgument', () => {
  it('accepts references and image ids', () => {
    for (const text of ['app', 'app:1.4', 'minify-fixture/redis:1.0', `app@sha256:${'a'.repeat(64)}`, 'localhost:5000/a/b:c', `sha256:${'b'.repeat(64)}`, 'sha256:abc123', '0123456789ab']) {
      expect(() => checkImageArgument(text), text).not.toThrow();
    }
  });

  it('rejects what the issue saw crash, with exit 2 and a reason', () => {
    const table: Array<[string, RegExp]> = [
      ['Bad Image!!', /bad repository component "Bad Image!!"/],
      ['UPPER/Case:1', /bad repository component "UPPER"/],
      ['app@sha256:xyz', /digest must be sha256/],
      ['app:', /bad tag ""/],
      ['app:bad tag', /bad tag/],
      ['', /empty/],
      ['/etc/passwd', /bad repository component ""/],
      ['a'.repeat(300), /too long/],
    ];
    for (const [text, why] of table) {
      let thrown: unknown;
      try {
        checkImageArgument(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, text).toBeInstanceOf(MinifyError);
      expect((thrown as MinifyError).code).toBe(ExitCode.usage);
      expect((thrown as MinifyError).message).toMatch(why);
    }
  });
});

describe('engineFailure', () => {
  it('maps HTTP 400, 404, 409 and 500 to one line with a hint and its own exit code', () => {
    const table: Array<[number, string, number, RegExp]> = [
      [400, 'invalid reference format', ExitCode.usage, /^the engine rejected the request: invalid reference format$/],
      [404, 'No such container: abc', ExitCode.notFound, /^not found in the engine: No such container: abc$/],
      [409, 'Conflict. The container name "/x" is already in use', ExitCode.engineError, /^the engine reports a conflict: Conflict\. The container name/],
      [500, 'driver failed programming external connectivity', ExitCode.engineError, /^the engine failed \(HTTP 500\): driver failed/],
    ];
    for (const [status, says, code, message] of table) {
      const mapped = engineFailure(dockerodeError(status, says));
      expect(mapped, String(status)).toBeInstanceOf(MinifyError);
      expect(mapped?.code).toBe(code);
      expect(mapped?.message).toMatch(message);
      expect(mapped?.hint).toBeTruthy();
      const { line } = describeFailure(mapped);
      expect(line).not.toContain('\n');
      expect(line).not.toMatch(/ at /);
    }
  });

  it('maps socket errors to "engine unavailable"', () => {
    for (const code of ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE']) {
      const mapped = engineFailure(socketError(code));
      expect(mapped?.code, code).toBe(ExitCode.engineUnavailable);
      expect(mapped?.message).toContain(code);
    }
  });

  it('leaves minify errors and plain bugs alone', () => {
    expect(engineFailure(new MinifyError('x', { code: ExitCode.usage }))).toBeUndefined();
    expect(engineFailure(new TypeError('x is not a function'))).toBeUndefined();
    expect(engineFailure('text')).toBeUndefined();
  });
});

describe('describeFailure', () => {
  it('prints an internal error without its stack unless asked', () => {
    const bug = new TypeError('cannot read x');
    expect(describeFailure(bug).line).toBe('minify: internal error, please report it: TypeError: cannot read x (run with MINIFY_DEBUG=1 for the stack)');
    expect(describeFailure(bug, { withStack: true }).line).toContain('at ');
  });

  it('escapes control bytes that came from input', () => {
    const line = describeFailure(new MinifyError('Dockerfile:2:1: unknown instruction "\u001b[31mRUN\r"', { code: ExitCode.parseError })).line;
    expect(line).toBe('minify: Dockerfile:2:1: unknown instruction "\\x1b[31mRUN\\x0d"');
    expect(escapeControl('a\tb\u007f')).toBe('a\tb\\x7f');
  });
});
