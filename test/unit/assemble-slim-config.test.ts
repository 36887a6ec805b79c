import { describe, expect, it } from 'vitest';
import { buildSlimConfig, SOURCE_ID_LABEL, SOURCE_IMAGE_LABEL } from '../../src/assemble/slim-config.js';
import type { ImageConfig } from '../../src/types.js';

const source: ImageConfig = {
  architecture: 'amd64',
  os: 'linux',
  config: {
    User: 'node',
    Env: ['PATH=/usr/bin', 'NODE_ENV=production'],
    Entrypoint: null,
    Cmd: ['node', 'server.js'],
    WorkingDir: '/app',
    ExposedPorts: { '3000/tcp': {} },
    Volumes: { '/data': {} },
    Labels: { team: 'api' },
    StopSignal: 'SIGQUIT',
    Healthcheck: { Test: ['CMD', 'node', 'health.js'] },
    Hostname: 'build-host',
  },
  rootfs: { type: 'layers', diff_ids: ['sha256:a', 'sha256:b'] },
  history: [{ created_by: 'RUN apt-get install -y nodejs' }],
};

describe('buildSlimConfig', () => {
  const slim = buildSlimConfig({
    source,
    sourceRef: 'app:1.4',
    sourceId: 'sha256:abc',
    layers: [{ diffId: 'sha256:slim', createdBy: 'minify: slim layer' }],
    minifyVersion: '0.1.0',
    created: '2026-01-01T00:00:00Z',
  });

  it('keeps the runtime settings of the source image', () => {
    expect(slim.config.User).toBe('node');
    expect(slim.config.Cmd).toEqual(['node', 'server.js']);
    expect(slim.config.Env).toEqual(['PATH=/usr/bin', 'NODE_ENV=production']);
    expect(slim.config.WorkingDir).toBe('/app');
    expect(slim.config.ExposedPorts).toEqual({ '3000/tcp': {} });
    expect(slim.config.Volumes).toEqual({ '/data': {} });
    expect(slim.config.StopSignal).toBe('SIGQUIT');
    expect(slim.config.Healthcheck).toEqual({ Test: ['CMD', 'node', 'health.js'] });
  });

  it('drops build-time leftovers and null entrypoints', () => {
    expect(slim.config.Hostname).toBeUndefined();
    expect('Entrypoint' in slim.config).toBe(false);
  });

  it('labels the source image and keeps the original labels', () => {
    expect(slim.config.Labels).toMatchObject({ team: 'api', [SOURCE_IMAGE_LABEL]: 'app:1.4', [SOURCE_ID_LABEL]: 'sha256:abc' });
  });

  it('describes only its own layers', () => {
    expect(slim.rootfs.diff_ids).toEqual(['sha256:slim']);
    expect(slim.history).toHaveLength(1);
    expect(slim.history?.[0]?.created_by).toBe('minify: slim layer');
  });

  it('does not change the source config', () => {
    expect(source.config.Labels).toEqual({ team: 'api' });
  });
});
