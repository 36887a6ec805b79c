// Every lint rule, in id order.
import type { Rule } from '../rule.js';
import { addInsteadOfCopy } from './add.js';
import { apkNoCache } from './apk.js';
import { aptLists, aptRecommends, aptUpgrade } from './apt.js';
import { pinDigest, pinTag, slimBase } from './base-image.js';
import { consecutiveRun } from './consecutive-run.js';
import { copyOrder } from './copy-order.js';
import { dockerignoreRule } from './dockerignore.js';
import { execForm } from './exec-form.js';
import { multiStage } from './multi-stage.js';
import { devDependencies, npmCacheClean, npmCi } from './npm.js';
import { pipNoCache } from './pip.js';
import { secretsInEnv } from './secrets.js';
import { trustedRegistries } from './trusted-registries.js';
import { nonRootUser } from './user.js';

export const RULES: readonly Rule[] = [
  multiStage, copyOrder, consecutiveRun, aptRecommends, aptLists, aptUpgrade, npmCi, devDependencies,
  npmCacheClean, pipNoCache, pinTag, pinDigest, slimBase, nonRootUser, execForm, addInsteadOfCopy,
  dockerignoreRule, secretsInEnv, apkNoCache, trustedRegistries,
];
