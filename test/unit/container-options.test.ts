// docker-run options for the traced app: parsing as docker spells them, and how they lay over the image config.
import { describe, expect, it } from 'vitest';
import {
  bakeConfig, effectiveRun, envEntry, explainUnknownUser, mergeEnv, parseEnvFile, parseMountFlag, parsePublish, parseVolumeFlag,
} from '../../src/trace/container-options.js';

const abs = (path: string) => `/abs/${path.replace(/^\.\//, '')}`;

describe('container options', () => {
  it('lays --entrypoint/--cmd/--user/--publish over the image as docker run does', () => {
    const config = { Entrypoint: ['/entry'], Cmd: ['serve'], User: 'app', ExposedPorts: { '80/tcp': {} } };
    expect(effectiveRun(config).argv).toEqual(['/entry', 'serve']);
    expect(effectiveRun(config, { cmd: ['other'] }).argv).toEqual(['/entry', 'other']);
    expect(effectiveRun(config, { entrypoint: ['/bin/sh'] }).argv).toEqual(['/bin/sh']);
    expect(effectiveRun(config, { entrypoint: ['/bin/sh'], cmd: ['-c', 'x'] }).argv).toEqual(['/bin/sh', '-c', 'x']);
    expect(effectiveRun(config, { user: 'nobody' }).user).toBe('nobody');
    expect(effectiveRun(config, { publish: ['8080/tcp', '80/tcp'] }).publish).toEqual(['80/tcp', '8080/tcp']);
  });

  it('turns the sensor\'s unknown-user failure into the --user flag\'s usage error, and nothing else', () => {
    const logs = "; last log lines:\nminify-sensor: unknown user 'ghost' (not in /etc/passwd)";
    expect(explainUnknownUser(125, logs, { user: 'ghost' })).toMatchObject({ code: 2, message: "--user ghost: the image's /etc/passwd has no user 'ghost'" });
    const group = "minify-sensor: unknown group 'ghosts' (not in /etc/group)";
    expect(explainUnknownUser(125, group, { user: 'app:ghosts' })?.message).toBe("--user app:ghosts: the image's /etc/group has no group 'ghosts'");
    // The image's own User, another exit code or other words: the app's exit as before.
    expect(explainUnknownUser(125, logs, {})).toBeUndefined();
    expect(explainUnknownUser(1, logs, { user: 'ghost' })).toBeUndefined();
    expect(explainUnknownUser(125, 'minify-sensor: signalfd: EPERM', { user: 'ghost' })).toBeUndefined();
  });

  it('parses ports, volumes and mounts, and refuses what it cannot honour', () => {
    expect(parsePublish('8080')).toBe('8080/tcp');
    expect(parsePublish('53/udp')).toBe('53/udp');
    for (const bad of ['0', '70000', '127.0.0.1:80:80', 'http']) expect(parsePublish(bad)).toBeUndefined();
    expect(parseVolumeFlag('./conf:/config:ro', abs)).toEqual({ type: 'bind', source: '/abs/conf', target: '/config', readOnly: true });
    expect(parseVolumeFlag('cache:/var/cache', abs)).toEqual({ type: 'volume', source: 'cache', target: '/var/cache', readOnly: false });
    expect(parseVolumeFlag('/data', abs)).toEqual({ type: 'volume', target: '/data', readOnly: false });
    for (const bad of ['relative', 'a:b', '/x:/y:rx', 'a:/b:ro:x']) expect(parseVolumeFlag(bad, abs)).toBeUndefined();
    expect(parseMountFlag('type=bind,src=./d,dst=/d,readonly', abs)).toEqual({ type: 'bind', source: '/abs/d', target: '/d', readOnly: true });
    expect(parseMountFlag('type=volume,target=/data', abs)).toEqual({ type: 'volume', target: '/data', readOnly: false });
    expect(parseMountFlag('type=tmpfs,target=/t', abs)).toBeUndefined();
    expect(parseMountFlag('type=bind,target=/t', abs)).toBeUndefined();
  });

  it('reads env entries and files as docker does (literal values, host lookup for a bare KEY)', () => {
    const lookup = (key: string) => ({ HOME: '/root' })[key];
    expect(envEntry('A="b c"', lookup)).toBe('A="b c"');
    expect(envEntry('HOME', lookup)).toBe('HOME=/root');
    expect(envEntry('UNSET', lookup)).toBeUndefined();
    expect(envEntry('=x', lookup)).toBeNull();
    expect(parseEnvFile('# c\n\nA=1\n  B=2=3\nHOME\nbad key=1\n', lookup)).toEqual({ env: ['A=1', 'B=2=3', 'HOME=/root'], bad: ['bad key=1'] });
  });

  it('bakes cmd, entrypoint and env only when given, replacing a key in place', () => {
    const config = { Entrypoint: ['/entry'], Cmd: ['serve'], Env: ['PATH=/bin', 'MODE=a'] };
    expect(mergeEnv(['A=1', 'B=2'], ['A=3'])).toEqual(['A=3', 'B=2']);
    expect(bakeConfig(config, {})).toEqual(config);
    expect(bakeConfig(config, { cmd: ['x'], env: ['MODE=b'] })).toEqual({ Entrypoint: ['/entry'], Cmd: ['x'], Env: ['PATH=/bin', 'MODE=b'] });
    expect(bakeConfig(config, { entrypoint: ['/bin/sh'] })).toMatchObject({ Entrypoint: ['/bin/sh'], Cmd: [] });
  });
});
