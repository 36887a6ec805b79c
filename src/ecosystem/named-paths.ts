// Paths an app names. Its own source and the image config name the dirs it reads on requests no light
// probe makes (a download dir beside the code, a data dir in ENV): the app content there is live with it.
import type { ContainerConfig, ImagePath } from '../types.js';
import type { Component } from './types.js';

/** Source and config files of an app, by extension; a bigger file is data, not code. */
const SOURCE_EXT = /\.(?:py|js|mjs|cjs|ts|rb|php|pl|pm|lua|sh|conf|cfg|ini|toml|ya?ml|json|env|properties|xml)$/;
const SOURCE_LIMIT = 256 << 10;
/** The system's and the package managers' trees: what a user COPY'd as an app does not live there. */
const NOT_APP = /^\/(?:usr\/(?!local\/)|lib(?:32|64|x32)?\/|bin\/|sbin\/|etc\/|var\/(?:lib|cache|log)\/|proc\/|sys\/|dev\/|run\/|tmp\/)|\/(?:node_modules|site-packages|dist-packages|\.git)\//;
/** An absolute path: a `/` no word, dot, tilde, dash or slash precedes (not `a/b`, `../x`, `http://h/x`). */
const LITERAL = /(?<![\w.~/-])\/[\w.@+-]+(?:\/[\w.@+-]+)*/g;

/** A file captured as text so the paths it names can be read: the same answer for every way of reading the image. */
export function isAppSource(path: ImagePath, size: number): boolean {
  return size <= SOURCE_LIMIT && SOURCE_EXT.test(path) && !NOT_APP.test(path);
}

/** The absolute paths a text names, as written (a trailing `/` dropped). */
export function pathsNamedIn(text: string): Set<ImagePath> {
  return new Set(text.match(LITERAL) ?? []);
}

/** The config's strings that name paths the app is started with: Env values, Entrypoint, Cmd, WorkingDir. */
function configStrings(config: ContainerConfig): Array<{ field: string; value: string }> {
  const env = (config.Env ?? []).map((entry) => ({ field: `Env ${entry.split('=')[0] ?? ''}`, value: entry.slice(entry.indexOf('=') + 1) }));
  const argv = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])].map((value) => ({ field: 'Cmd', value }));
  return [...env, ...argv, ...(config.WorkingDir ? [{ field: 'WorkingDir', value: config.WorkingDir }] : [])];
}

/**
 * App components with what names them: a path inside another app component's root, written in one of
 * this one's source files, makes that component a dependency; one in the image config makes it live.
 */
export function linkNamedApps(apps: readonly Component[], textFiles: ReadonlyMap<ImagePath, string>, config: ContainerConfig): Component[] {
  const roots = apps.map((c) => ({ id: c.id, root: c.id.slice('app:'.length) })).sort((a, b) => b.root.length - a.root.length);
  const appOf = (path: ImagePath): string | undefined => roots.find(({ root }) => path === root || path.startsWith(`${root}/`))?.id;
  const namedByConfig = new Map<string, string>();
  for (const { field, value } of configStrings(config)) {
    for (const path of pathsNamedIn(value)) {
      const id = appOf(path);
      if (id && !namedByConfig.has(id)) namedByConfig.set(id, `named by the image config (${field} ${value})`);
    }
  }
  return apps.map((component) => {
    const named = new Set<string>();
    for (const file of component.files) {
      const text = textFiles.get(file);
      if (text === undefined || !isAppSource(file, text.length)) continue;
      for (const path of pathsNamedIn(text)) {
        const id = appOf(path);
        if (id && id !== component.id) named.add(id);
      }
    }
    const liveBecause = component.liveBecause ?? namedByConfig.get(component.id);
    if (named.size === 0 && liveBecause === component.liveBecause) return component;
    return {
      ...component,
      dependsOn: [...new Set([...component.dependsOn, ...[...named].sort()])],
      ...(liveBecause !== undefined ? { liveBecause } : {}),
    };
  });
}
