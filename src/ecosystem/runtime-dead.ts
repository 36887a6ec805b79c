// Classes of files a live component never needs at run time: docs, headers, static libs, tests, unused translations.
import type { ImagePath } from '../types.js';

const DOCS = /^\/usr(?:\/local)?\/share\/(?:doc|doc-base|man|info|gtk-doc|help|lintian|bug)\//;
const HEADERS = /^\/usr(?:\/local)?\/include\/|^\/usr\/(?:lib|share)\/(?!.*\/node_modules\/).*\.(?:h|hh|hpp|hxx)$/;
const STATIC_LIBS = /^\/(?:usr\/(?:local\/)?)?lib(?:32|64|x32)?\/(?:.*\/)?[^/]+\.l?a$/;
const PKG_CONFIG = /\/pkgconfig\/[^/]+\.pc$/;
const PACKAGE_TESTS = /\/node_modules\/(?:@[^/]+\/)?[^/]+\/(?:test|tests|__tests__)\/|\/(?:site|dist)-packages\/[^/]+\/tests?\//;
const TRANSLATION = /^\/usr(?:\/local)?\/share\/locale\/([^/]+)\//;

/** Documentation a package ships (`/usr/share/doc`, man and info pages, lintian overrides, bug-report hooks). */
export function isDocPath(path: ImagePath): boolean {
  return DOCS.test(path);
}

/**
 * Whether a file of a live component can be dropped: docs, man, info, lintian overrides, headers,
 * static and libtool libraries, pkg-config files, a package's own tests, and message catalogues of
 * locales not in use (`localesInUse` as locale dir names, e.g. `de`, `de_DE`; see datasets.ts).
 */
export function isRuntimeDead(path: ImagePath, localesInUse: readonly string[] = []): boolean {
  if (DOCS.test(path) || HEADERS.test(path) || STATIC_LIBS.test(path) || PKG_CONFIG.test(path) || PACKAGE_TESTS.test(path)) {
    return true;
  }
  const locale = TRANSLATION.exec(path)?.[1];
  return locale !== undefined && !localesInUse.includes(locale);
}
