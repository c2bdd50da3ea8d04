"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/drift-worker.ts
var import_node_worker_threads = require("node:worker_threads");

// src/check/drift-share.ts
var import_promises2 = require("node:fs/promises");

// src/tree/file-entry.ts
var EXTRA_DIGESTS = ["md5", "sha1", "sha384", "sha512", "rmd160", "sha512256", "cksum"];
var NO_XATTRS = Object.freeze({});
function normalisePath(raw) {
  const parts = [];
  for (const part of raw.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return null;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return "/" + parts.join("/");
}
function parentPath(path2) {
  const slash = path2.lastIndexOf("/");
  return slash <= 0 ? "/" : path2.slice(0, slash);
}

// src/manifest/xattr-values.ts
function xattrFromBase64(base64) {
  return Buffer.from(base64, "base64").toString("latin1");
}
var strictUtf8 = new TextDecoder("utf-8", { fatal: true });
function printableUtf8(bytes) {
  let text3;
  try {
    text3 = strictUtf8.decode(bytes);
  } catch {
    return void 0;
  }
  return /[\u0000-\u001f\u007f-\u009f]/.test(text3) ? void 0 : text3;
}
function xattrToJson(value) {
  const bytes = Buffer.from(value, "latin1");
  return printableUtf8(bytes) ?? { base64: bytes.toString("base64") };
}
function xattrFromJson(value) {
  if (typeof value === "string") return Buffer.from(value, "utf8").toString("latin1");
  if (typeof value !== "object" || value === null || Array.isArray(value)) return void 0;
  const keys = Object.keys(value);
  const base64 = value.base64;
  if (keys.length !== 1 || typeof base64 !== "string" || !BASE64.test(base64)) return void 0;
  return xattrFromBase64(base64);
}
var BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// src/manifest/json-manifest.ts
var MANIFEST_SCHEMA_VERSION = 1;
var MANIFEST_KIND = "repro-check-manifest";
var ENTRY_TYPES = /* @__PURE__ */ new Set(["file", "dir", "symlink", "hardlink", "char", "block", "fifo", "socket"]);
var VERIFY = /* @__PURE__ */ new Set(["ignore", "optional", "nochange"]);
var DIGEST_NAMES = /* @__PURE__ */ new Set(["sha256", ...EXTRA_DIGESTS]);
function toJsonEntry(entry) {
  const json = { path: entry.path, type: entry.type };
  if (entry.mode !== void 0) json.mode = entry.mode.toString(8).padStart(4, "0");
  if (entry.uid !== void 0) json.uid = entry.uid;
  if (entry.gid !== void 0) json.gid = entry.gid;
  if (entry.uname !== void 0) json.uname = entry.uname;
  if (entry.gname !== void 0) json.gname = entry.gname;
  if (entry.size !== void 0) json.size = entry.size;
  if (entry.mtime !== void 0) json.mtime = `${entry.mtime.sec}.${String(entry.mtime.nsec).padStart(9, "0")}`;
  if (entry.mtimeSecondsOnly) json.mtimeSecondsOnly = true;
  if (entry.linkTarget !== void 0) json.link = entry.linkTarget;
  if (entry.nlink !== void 0) json.nlink = entry.nlink;
  if (entry.flags !== void 0) json.flags = entry.flags;
  if (entry.digest !== void 0 || entry.digests !== void 0) {
    const digests = {};
    if (entry.digest !== void 0) digests.sha256 = entry.digest.replace(/^sha256:/, "");
    for (const algorithm of EXTRA_DIGESTS) {
      const value = entry.digests?.[algorithm];
      if (value !== void 0) digests[algorithm] = value;
    }
    json.digests = digests;
  }
  if (entry.xattrs !== void 0) {
    const xattrs = {};
    for (const name of Object.keys(entry.xattrs)) xattrs[name] = xattrToJson(entry.xattrs[name]);
    json.xattrs = xattrs;
  }
  if (entry.devMajor !== void 0 || entry.devMinor !== void 0) json.device = [entry.devMajor ?? 0, entry.devMinor ?? 0];
  if (entry.verify !== void 0) json.verify = [...entry.verify];
  if (entry.extraKeywords !== void 0) json.extra = { ...entry.extraKeywords };
  return json;
}
var JsonEntryError = class extends Error {
  name = "JsonEntryError";
};
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function count(value, field) {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw new JsonEntryError(`${field} must be a whole number \u2265 0`);
  return value;
}
function text(value, field) {
  if (typeof value !== "string") throw new JsonEntryError(`${field} must be a string`);
  return value;
}
function textRecord(value, field) {
  if (!isRecord(value)) throw new JsonEntryError(`${field} must be an object of strings`);
  const out = {};
  for (const key of Object.keys(value)) out[key] = text(value[key], `${field}.${key}`);
  return out;
}
function xattrRecord(value) {
  if (!isRecord(value)) throw new JsonEntryError("xattrs must be an object");
  const keys = Object.keys(value);
  if (keys.length === 0) return NO_XATTRS;
  const out = {};
  for (const key of keys) {
    const bytes = xattrFromJson(value[key]);
    if (bytes === void 0) throw new JsonEntryError(`xattrs.${key} must be text or {"base64": "\u2026"}`);
    out[key] = bytes;
  }
  return out;
}
function isNormalised(path2) {
  if (path2.charCodeAt(0) !== 47) return false;
  if (path2.length === 1) return true;
  for (let slash = 0; slash >= 0; slash = path2.indexOf("/", slash + 1)) {
    const end = path2.indexOf("/", slash + 1);
    const length = (end < 0 ? path2.length : end) - slash - 1;
    if (length === 0) return false;
    if (path2.charCodeAt(slash + 1) === 46 && (length === 1 || length === 2 && path2.charCodeAt(slash + 2) === 46)) return false;
  }
  return true;
}
var TIME_ERROR = 'mtime must be "seconds.nnnnnnnnn" (nine digits of nanoseconds)';
function parseJsonTime(value) {
  let i = value.charCodeAt(0) === 45 ? 1 : 0;
  const from = i;
  let sec = 0;
  for (; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    sec = sec * 10 + d;
  }
  const secEnd = i;
  if (secEnd === from) throw new JsonEntryError(TIME_ERROR);
  let nsec = 0;
  if (i < value.length) {
    if (value.charCodeAt(i) !== 46 || value.length - i !== 10) throw new JsonEntryError(TIME_ERROR);
    for (i++; i < value.length; i++) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) throw new JsonEntryError(TIME_ERROR);
      nsec = nsec * 10 + d;
    }
  }
  if (secEnd - from > 15) sec = Number(value.slice(from, secEnd));
  return { sec: from === 1 ? -sec : sec, nsec };
}
function fromJsonEntry(value) {
  if (!isRecord(value)) throw new JsonEntryError("an entry must be an object");
  const path2 = text(value.path, "path");
  if (!isNormalised(path2)) throw new JsonEntryError(`path ${JSON.stringify(path2)} is not absolute and normalised`);
  const type = text(value.type, "type");
  if (!ENTRY_TYPES.has(type)) throw new JsonEntryError(`type ${JSON.stringify(type)} is not one of ${[...ENTRY_TYPES].join(", ")}`);
  const entry = { path: path2, type };
  if (value.mode !== void 0) {
    const mode = text(value.mode, "mode");
    if (!/^[0-7]{1,7}$/.test(mode)) throw new JsonEntryError(`mode ${JSON.stringify(mode)} is not an octal string`);
    entry.mode = parseInt(mode, 8) & 4095;
  }
  if (value.uid !== void 0) entry.uid = count(value.uid, "uid");
  if (value.gid !== void 0) entry.gid = count(value.gid, "gid");
  if (value.uname !== void 0) entry.uname = text(value.uname, "uname");
  if (value.gname !== void 0) entry.gname = text(value.gname, "gname");
  if (value.size !== void 0) entry.size = count(value.size, "size");
  if (value.mtime !== void 0) entry.mtime = parseJsonTime(text(value.mtime, "mtime"));
  if (value.mtimeSecondsOnly === true) entry.mtimeSecondsOnly = true;
  if (value.link !== void 0) entry.linkTarget = text(value.link, "link");
  if (value.nlink !== void 0) entry.nlink = count(value.nlink, "nlink");
  if (value.flags !== void 0) entry.flags = text(value.flags, "flags");
  if (value.digests !== void 0) {
    const digests = textRecord(value.digests, "digests");
    for (const algorithm in digests) {
      const hex = digests[algorithm];
      if (!DIGEST_NAMES.has(algorithm)) throw new JsonEntryError(`digests.${algorithm}: unknown algorithm (known: ${[...DIGEST_NAMES].join(", ")})`);
      if (algorithm === "sha256") entry.digest = ("sha256:" + hex).toLowerCase();
      else (entry.digests ??= {})[algorithm] = hex.toLowerCase();
    }
  }
  if (value.xattrs !== void 0) entry.xattrs = xattrRecord(value.xattrs);
  if (value.device !== void 0) {
    if (!Array.isArray(value.device) || value.device.length !== 2) throw new JsonEntryError("device must be [major, minor]");
    entry.devMajor = count(value.device[0], "device[0]");
    entry.devMinor = count(value.device[1], "device[1]");
  }
  if (value.verify !== void 0) {
    if (!Array.isArray(value.verify) || !value.verify.every((v) => typeof v === "string" && VERIFY.has(v))) {
      throw new JsonEntryError("verify must be a list of ignore, optional, nochange");
    }
    entry.verify = value.verify;
  }
  if (value.extra !== void 0) entry.extraKeywords = textRecord(value.extra, "extra");
  return entry;
}

// src/tree/content-digests.ts
function sha256Of(entry) {
  const digest = entry.digest;
  if (digest === void 0) return void 0;
  return digest.startsWith("sha256:") ? digest.slice(7) : digest;
}
function hasDigest(entry) {
  if (entry.digest !== void 0) return true;
  if (entry.digests === void 0) return false;
  for (const algorithm of EXTRA_DIGESTS) if (entry.digests[algorithm] !== void 0) return true;
  return false;
}
function compareContent(a, b) {
  if (a.digests === void 0 && b.digests === void 0 && a.digest !== void 0 && b.digest !== void 0) {
    if (a.digest === b.digest) return "same";
  }
  const shaA = sha256Of(a);
  const shaB = sha256Of(b);
  if (a.digests === void 0 && b.digests === void 0) {
    if (shaA === void 0 && shaB === void 0) return "unknown";
    if (shaA === void 0 || shaB === void 0) return "unverifiable";
    return shaA === shaB ? "same" : "different";
  }
  let shared = 0;
  if (shaA !== void 0 && shaB !== void 0) {
    if (shaA !== shaB) return "different";
    shared++;
  }
  for (const algorithm of EXTRA_DIGESTS) {
    const x = a.digests?.[algorithm];
    const y = b.digests?.[algorithm];
    if (x === void 0 || y === void 0) continue;
    if (x !== y) return "different";
    shared++;
  }
  if (shared > 0) return "same";
  return hasDigest(a) || hasDigest(b) ? "unverifiable" : "unknown";
}

// src/tree/in-step-lookup.ts
var UNSEEN = 0;
var MATCHED = 1;
var ADDED = 2;
var GIVE_UP_AFTER = 4096;
var InStepLookup = class {
  constructor(oldTree, newTree) {
    this.oldTree = oldTree;
    this.newTree = newTree;
    newTree.forEach((entry, path2) => {
      this.paths.push(path2);
      this.entries.push(entry);
    });
    this.state = new Uint8Array(this.paths.length);
  }
  oldTree;
  newTree;
  paths = [];
  entries = [];
  state;
  /** The first entry of the new tree not yet matched or stepped over. */
  next = 0;
  /** `next` is known to be in the old tree (so it waits to be asked for). */
  nextInOld = -1;
  /** Paths found off the walk: the walk steps over them when it gets there. */
  foundAside = /* @__PURE__ */ new Set();
  asked = 0;
  walking = true;
  /** The new tree's entry at `path` (a path of the old tree, each asked for once), or undefined. */
  get(path2) {
    if (!this.walking) return this.newTree.get(path2);
    this.asked++;
    const paths = this.paths;
    while (this.next < paths.length) {
      const next = this.next;
      const candidate = paths[next];
      if (candidate === path2) {
        this.state[next] = MATCHED;
        this.next = next + 1;
        return this.entries[next];
      }
      if (this.nextInOld !== next) {
        if (!this.oldTree.has(candidate)) {
          this.state[next] = ADDED;
          this.next = next + 1;
          continue;
        }
        this.nextInOld = next;
      }
      if (!this.foundAside.has(candidate)) break;
      this.state[next] = MATCHED;
      this.next = next + 1;
    }
    const entry = this.newTree.get(path2);
    if (entry === void 0) return void 0;
    this.foundAside.add(path2);
    if (this.foundAside.size >= GIVE_UP_AFTER && this.foundAside.size * 2 > this.asked) {
      this.walking = false;
      this.foundAside.clear();
    }
    return entry;
  }
  /** Calls `onAdded` for each path only the new tree has, in its order. Call after every `get`. */
  eachAdded(onAdded) {
    const { paths, entries, state } = this;
    for (let i = 0; i < paths.length; i++) {
      const path2 = paths[i];
      if (state[i] === ADDED || state[i] === UNSEEN && !this.oldTree.has(path2)) onAdded(entries[i], path2);
    }
  }
};

// src/tree/ignore-rules.ts
function typeApplies(rule, a, b) {
  if (!rule.types) return true;
  return a !== void 0 && rule.types.has(a.type) || b !== void 0 && rule.types.has(b.type);
}
function applicable(rules, path2, a, b) {
  return rules.filter((rule) => typeApplies(rule, a, b) && rule.matches(path2));
}
function coversAll(rule) {
  return rule.kinds === void 0 && rule.aspects === void 0;
}
function markIgnored(change, rules) {
  if (rules.length === 0) return;
  const found = applicable(rules, change.path, change.old, change.new);
  if (found.length === 0) return;
  if (change.kind !== "modified") {
    const kind = change.kind;
    const rule = found.find((r) => coversAll(r) || r.kinds?.has(kind));
    if (rule) change.ignored = { rule: rule.name };
    return;
  }
  const ignoredAspects = [];
  for (const aspect of change.aspects) {
    const rule = found.find((r) => coversAll(r) || r.aspects?.has(aspect));
    if (rule) ignoredAspects.push({ aspect, rule: rule.name });
  }
  if (ignoredAspects.length === 0) return;
  change.ignoredAspects = ignoredAspects;
  if (ignoredAspects.length === change.aspects.length) {
    change.ignored = { rule: [...new Set(ignoredAspects.map((i) => i.rule))].join(" + ") };
  }
}
function uncoveredAspects(aspects, rules, path2, a, b) {
  if (rules.length === 0) return [...aspects];
  const found = applicable(rules, path2, a, b);
  if (found.length === 0) return [...aspects];
  return aspects.filter((aspect) => !found.some((r) => coversAll(r) || r.aspects?.has(aspect)));
}
function verifyRules(entries) {
  const below = /* @__PURE__ */ new Set();
  const optional = /* @__PURE__ */ new Set();
  const nochange = /* @__PURE__ */ new Set();
  for (const entry of entries) {
    if (!entry.verify) continue;
    if (entry.verify.includes("ignore")) below.add(entry.path);
    if (entry.verify.includes("optional")) optional.add(entry.path);
    if (entry.verify.includes("nochange")) nochange.add(entry.path);
  }
  const rules = [];
  if (below.size > 0) {
    rules.push({
      name: "baseline keyword ignore",
      matches: (path2) => {
        for (let p = parentPath(path2); ; p = parentPath(p)) {
          if (below.has(p) && p !== path2) return true;
          if (p === "/") return false;
        }
      }
    });
  }
  if (optional.size > 0) {
    rules.push({ name: "baseline keyword optional", matches: (path2) => optional.has(path2), kinds: /* @__PURE__ */ new Set(["removed"]) });
  }
  if (nochange.size > 0) {
    const all = /* @__PURE__ */ new Set(["content", "size", "mode", "uid", "gid", "link", "device", "xattrs", "mtime", "nlink", "flags"]);
    rules.push({ name: "baseline keyword nochange", matches: (path2) => nochange.has(path2), aspects: all });
  }
  return rules;
}

// src/tree/tree-change.ts
var ASPECTS = ["type", "content", "size", "mode", "uid", "gid", "link", "device", "xattrs", "mtime", "nlink", "flags"];

// src/tree/compare-trees.ts
function compareTrees(oldTree, newTree, options = {}) {
  const ignore = options.ignore ?? NOTHING;
  const absentXattrs = options.absentXattrsAreNone === true ? NO_XATTRS : void 0;
  const changes = [];
  const unverifiableOnly = [];
  const withVerify = [];
  const lookup = new InStepLookup(oldTree, newTree);
  oldTree.forEach((oldEntry, path2) => {
    if (oldEntry.verify !== void 0) withVerify.push(oldEntry);
    const newEntry = lookup.get(path2);
    if (!newEntry) {
      changes.push({ path: path2, kind: "removed", aspects: [], old: oldEntry });
      return;
    }
    if (ignore.size === 0 && sameEntry(oldEntry, newEntry)) return;
    const { aspects, unverifiable: unverifiable2 } = compareEntries(oldEntry, newEntry, ignore, absentXattrs);
    if (aspects.length > 0) {
      const change = { path: path2, kind: "modified", aspects, old: oldEntry, new: newEntry };
      if (unverifiable2.length > 0) change.unverifiable = unverifiable2;
      changes.push(change);
    } else if (unverifiable2.length > 0) {
      unverifiableOnly.push({ path: path2, aspects: unverifiable2 });
    }
  });
  lookup.eachAdded((newEntry, path2) => changes.push({ path: path2, kind: "added", aspects: [], new: newEntry }));
  changes.sort((a, b) => byPath(a.path, b.path));
  unverifiableOnly.sort((a, b) => byPath(a.path, b.path));
  if (options.verifyElsewhere) withVerify.push(...options.verifyElsewhere);
  const rules = [...verifyRules(withVerify), ...options.rules ?? []];
  if (rules.length === 0) return { changes, unverifiable: unverifiableOnly };
  for (const change of changes) markIgnored(change, rules);
  const unverifiable = [];
  for (const item of unverifiableOnly) {
    const aspects = uncoveredAspects(item.aspects, rules, item.path, oldTree.get(item.path), newTree.get(item.path));
    if (aspects.length > 0) unverifiable.push({ path: item.path, aspects });
  }
  return { changes, unverifiable };
}
function byPath(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function compareEntries(a, b, ignore = NOTHING, absentXattrs) {
  const result = { aspects: [], unverifiable: [] };
  const ignoring = ignore.size > 0;
  check(result, ignoring && ignore.has("type"), "type", a.type, b.type);
  if (!ignoring || !ignore.has("content")) {
    const content = compareContent(a, b);
    if (content === "different") result.aspects.push("content");
    else if (content === "unverifiable") result.unverifiable.push("content");
  }
  if (sized(a) && sized(b)) check(result, ignoring && ignore.has("size"), "size", a.size, b.size);
  check(result, ignoring && ignore.has("mode"), "mode", a.mode, b.mode);
  check(result, ignoring && ignore.has("uid"), "uid", a.uid, b.uid);
  check(result, ignoring && ignore.has("gid"), "gid", a.gid, b.gid);
  check(result, ignoring && ignore.has("link"), "link", a.linkTarget, b.linkTarget);
  if (isDevice(a) && isDevice(b) && !(ignoring && ignore.has("device"))) {
    if (a.devMajor !== void 0 && b.devMajor !== void 0) {
      if (a.devMajor !== b.devMajor || a.devMinor !== b.devMinor) result.aspects.push("device");
    } else if (a.devMajor !== void 0 || b.devMajor !== void 0) {
      result.unverifiable.push("device");
    }
  }
  const xa = a.xattrs ?? absentXattrs;
  const xb = b.xattrs ?? absentXattrs;
  if (xa !== void 0 && xb !== void 0) {
    if (!(ignoring && ignore.has("xattrs")) && !xattrsEqual(xa, xb)) result.aspects.push("xattrs");
  } else {
    check(result, ignoring && ignore.has("xattrs"), "xattrs", xa, xb);
  }
  if (a.mtime !== void 0 && b.mtime !== void 0) {
    const seconds = a.mtimeSecondsOnly === true || b.mtimeSecondsOnly === true;
    const equal = a.mtime.sec === b.mtime.sec && (seconds || a.mtime.nsec === b.mtime.nsec);
    if (!equal && !(ignoring && ignore.has("mtime"))) result.aspects.push("mtime");
  } else {
    check(result, ignoring && ignore.has("mtime"), "mtime", a.mtime, b.mtime);
  }
  check(result, ignoring && ignore.has("nlink"), "nlink", a.nlink, b.nlink);
  check(result, ignoring && ignore.has("flags"), "flags", a.flags, b.flags);
  if (a.type !== b.type) {
    const comparable = (x) => x !== "content" && x !== "size";
    return { aspects: result.aspects.filter(comparable), unverifiable: result.unverifiable.filter(comparable) };
  }
  return result;
}
var NOTHING = /* @__PURE__ */ new Set();
function sameEntry(a, b) {
  if (a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid || a.linkTarget !== b.linkTarget) return false;
  if (a.nlink !== b.nlink || a.flags !== b.flags || a.xattrs !== b.xattrs) return false;
  if (isDevice(a) && (a.devMajor !== b.devMajor || a.devMinor !== b.devMinor)) return false;
  if (sized(a) && a.size !== b.size) return false;
  if (a.mtime !== b.mtime) {
    if (a.mtime === void 0 || b.mtime === void 0 || a.mtime.sec !== b.mtime.sec || a.mtime.nsec !== b.mtime.nsec) return false;
  }
  if (a.digests !== void 0 || b.digests !== void 0) return false;
  return a.digest === b.digest;
}
function check(result, skip, aspect, x, y) {
  if (skip || x === void 0 && y === void 0) return;
  if (x === void 0 || y === void 0) result.unverifiable.push(aspect);
  else if (x !== y) result.aspects.push(aspect);
}
function isDevice(entry) {
  return entry.type === "char" || entry.type === "block";
}
function sized(entry) {
  return entry.type === "file" || entry.type === "hardlink";
}
function xattrsEqual(x, y) {
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && x[k] === y[k]);
}

// src/drift/accept-pins.ts
var ENTRY_TYPES2 = /* @__PURE__ */ new Set(["file", "dir", "symlink", "hardlink", "char", "block", "fifo", "socket"]);
var DIGEST_KEYS = /* @__PURE__ */ new Set(["sha256", ...EXTRA_DIGESTS]);
function ruleWord(word) {
  return /[\s"#\\]/.test(word) || word === "" ? JSON.stringify(word) : word;
}
function pinWords(entry) {
  if (entry === void 0) return ["absent"];
  const out = [`type=${entry.type}`];
  if (entry.digest !== void 0) out.push(`sha256=${entry.digest.replace(/^sha256:/, "")}`);
  for (const algorithm of EXTRA_DIGESTS) {
    const value = entry.digests?.[algorithm];
    if (value !== void 0) out.push(`${algorithm}=${value}`);
  }
  if ((entry.type === "file" || entry.type === "hardlink") && !hasDigest(entry) && entry.size !== void 0) out.push(`size=${entry.size}`);
  if (entry.mode !== void 0) out.push(`mode=${entry.mode.toString(8).padStart(4, "0")}`);
  if (entry.uid !== void 0) out.push(`uid=${entry.uid}`);
  if (entry.gid !== void 0) out.push(`gid=${entry.gid}`);
  if (entry.linkTarget !== void 0) out.push(`link=${entry.linkTarget}`);
  if (entry.flags !== void 0) out.push(`flags=${entry.flags}`);
  if (entry.xattrs !== void 0) {
    const names2 = Object.keys(entry.xattrs).sort();
    if (names2.length === 0) out.push("xattrs=none");
    for (const name of names2) out.push(`xattr.${encodeURIComponent(name)}=${Buffer.from(entry.xattrs[name], "latin1").toString("base64")}`);
  }
  return out.map(ruleWord);
}
function parsePin(path2, words2) {
  if (words2.length === 1 && words2[0] === "absent") return { absent: true };
  if (words2.length === 0) return "accept needs the accepted values (type=\u2026 \u2026) or absent";
  const entry = { path: path2, type: "file" };
  let typed = false;
  for (const word of words2) {
    const eq = word.indexOf("=");
    if (eq <= 0) return `"${word}" is not KEY=VALUE (or the single word absent)`;
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    const number = () => /^\d{1,15}$/.test(value) ? Number(value) : void 0;
    if (key === "type") {
      if (!ENTRY_TYPES2.has(value)) return `type=${value} is not a type`;
      entry.type = value;
      typed = true;
    } else if (DIGEST_KEYS.has(key)) {
      if (!/^[0-9a-z]+$/.test(value)) return `${key}=${value} is not a digest (lower-case hex, decimal for cksum)`;
      if (key === "sha256") entry.digest = `sha256:${value}`;
      else (entry.digests ??= {})[key] = value;
    } else if (key === "mode") {
      if (!/^[0-7]{1,6}$/.test(value)) return `mode=${value} is not octal`;
      entry.mode = parseInt(value, 8) & 4095;
    } else if (key === "uid" || key === "gid" || key === "size") {
      const n = number();
      if (n === void 0) return `${key}=${value} is not a number`;
      entry[key] = n;
    } else if (key === "link") {
      entry.linkTarget = value;
    } else if (key === "flags") {
      entry.flags = value;
    } else if (key === "xattrs" && value === "none") {
      entry.xattrs ??= {};
    } else if (key.startsWith("xattr.")) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return `${key}: value is not base64`;
      let name;
      try {
        name = decodeURIComponent(key.slice(6));
      } catch {
        return `${key}: malformed name`;
      }
      (entry.xattrs ??= {})[name] = Buffer.from(value, "base64").toString("latin1");
    } else {
      return `"${key}" is not a pinned value (type, sha256 and other digests, size, mode, uid, gid, link, flags, xattrs=none, xattr.NAME)`;
    }
  }
  if (!typed) return "accept needs type=\u2026";
  return { entry };
}
function pinDifferences(pin, entry, suppressed = /* @__PURE__ */ new Set()) {
  if (pin.absent === true) return entry === void 0 ? [] : ["present (accepted: absent)"];
  if (entry === void 0) return ["absent (accepted: present)"];
  const want = pin.entry;
  const out = [];
  const field = (aspect, accepted, now, show2 = String) => {
    if (suppressed.has(aspect) || now === void 0 || accepted === now) return;
    out.push(accepted === void 0 ? `${aspect} ${show2(now)} (not pinned)` : `${aspect} ${show2(now)} (accepted: ${show2(accepted)})`);
  };
  if (want.type !== entry.type && !suppressed.has("type")) out.push(`type ${entry.type} (accepted: ${want.type})`);
  if ((entry.type === "file" || entry.type === "hardlink") && want.type === entry.type) {
    if (hasDigest(entry)) {
      const verdict = compareContent(want, entry);
      if (verdict !== "same" && !suppressed.has("content")) out.push(verdict === "different" ? "content (accepted: other digest)" : "content (no digest in common with the accepted one)");
    } else {
      field("size", want.size, entry.size);
    }
  }
  const octal = (v) => v.toString(8).padStart(4, "0");
  field("mode", want.mode, entry.mode, octal);
  field("uid", want.uid, entry.uid);
  field("gid", want.gid, entry.gid);
  field("link", want.linkTarget, entry.linkTarget, (v) => JSON.stringify(v));
  field("flags", want.flags, entry.flags);
  if (entry.xattrs !== void 0 && !suppressed.has("xattrs") && !sameXattrs(want.xattrs, entry.xattrs)) {
    out.push(want.xattrs === void 0 ? "xattrs (not pinned)" : "xattrs (accepted: other values)");
  }
  return out;
}
function sameXattrs(a, b) {
  if (a === void 0) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

// src/drift/security-classes.ts
function under(path2, dir) {
  return path2 === dir || path2.startsWith(dir) && path2.charCodeAt(dir.length) === 47;
}
function nameOf(path2) {
  return path2.slice(path2.lastIndexOf("/") + 1);
}
var MODULE_NAME = /\.ko(?:\.(?:xz|zst|gz))?$/;
var ETC_CRON = /^\/etc\/cron[^/]*(?:\/|$)/;
var SECURITY_PATHS = [
  { cls: "accounts", globs: ["/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow"], test: (p) => p === "/etc/passwd" || p === "/etc/shadow" || p === "/etc/group" || p === "/etc/gshadow" },
  { cls: "sudoers", globs: ["/etc/sudoers", "/etc/sudoers.d/**"], test: (p) => p === "/etc/sudoers" || under(p, "/etc/sudoers.d") },
  { cls: "pam", globs: ["/etc/pam.conf", "/etc/pam.d/**", "/etc/security/**"], test: (p) => p === "/etc/pam.conf" || under(p, "/etc/pam.d") || under(p, "/etc/security") },
  { cls: "sshd", globs: ["/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/**"], test: (p) => p === "/etc/ssh/sshd_config" || under(p, "/etc/ssh/sshd_config.d") },
  { cls: "authorized-keys", globs: ["**/authorized_keys", "**/authorized_keys2"], test: (p) => nameOf(p) === "authorized_keys" || nameOf(p) === "authorized_keys2" },
  { cls: "ld-preload", globs: ["/etc/ld.so.preload"], test: (p) => p === "/etc/ld.so.preload" },
  { cls: "cron", globs: ["/etc/cron*", "/etc/cron*/**", "/var/spool/cron/**"], test: (p) => ETC_CRON.test(p) || under(p, "/var/spool/cron") },
  {
    cls: "systemd",
    globs: ["/etc/systemd/**", "/lib/systemd/system/**", "/usr/lib/systemd/system/**"],
    test: (p) => under(p, "/etc/systemd") || under(p, "/lib/systemd/system") || under(p, "/usr/lib/systemd/system")
  },
  {
    cls: "kernel-module",
    globs: ["/lib/modules/**", "/usr/lib/modules/**", "**/*.ko", "**/*.ko.{xz,zst,gz}", "/etc/modules", "/etc/modules-load.d/**", "/etc/modprobe.d/**", "/lib/modprobe.d/**", "/usr/lib/modprobe.d/**"],
    test: (p) => under(p, "/lib/modules") || under(p, "/usr/lib/modules") || MODULE_NAME.test(p) || p === "/etc/modules" || under(p, "/etc/modules-load.d") || under(p, "/etc/modprobe.d") || under(p, "/lib/modprobe.d") || under(p, "/usr/lib/modprobe.d")
  }
];
function pathClasses(path2) {
  const out = [];
  for (const c of SECURITY_PATHS) if (c.test(path2)) out.push(c.cls);
  return out;
}
var S_ISUID = 2048;
var S_ISGID = 1024;
var S_ISVTX = 512;
var S_IWOTH = 2;
function attributeClasses(entry) {
  const out = [];
  const mode = entry.mode;
  const file = entry.type === "file" || entry.type === "hardlink";
  if (mode !== void 0) {
    if (file && (mode & S_ISUID) !== 0) out.push("setuid");
    if (file && (mode & S_ISGID) !== 0) out.push("setgid");
  }
  const capability = entry.xattrs?.["security.capability"];
  if (capability !== void 0 && capability !== "") out.push("capabilities");
  if (mode !== void 0 && (mode & S_IWOTH) !== 0 && (file || entry.type === "dir" && (mode & S_ISVTX) === 0)) out.push("world-writable");
  return out;
}
function securityOf(path2, kind, snapshotEntry) {
  const classes = kind !== "removed" && snapshotEntry !== void 0 ? attributeClasses(snapshotEntry) : [];
  for (const cls of pathClasses(path2)) if (!classes.includes(cls)) classes.push(cls);
  return classes.length > 0 ? classes : void 0;
}

// src/drift/drift-order.ts
function ignoredByUser(change) {
  return change.ignored !== void 0 && change.ignored.rule.split(" + ").some((rule) => !rule.startsWith("default: "));
}

// node_modules/balanced-match/dist/esm/index.js
var range = (a, b, str) => {
  let begs, beg, left, right = void 0, result;
  let ai = str.indexOf(a);
  let bi = str.indexOf(b, ai + 1);
  let i = ai;
  if (ai >= 0 && bi > 0) {
    if (a === b) {
      return [ai, bi];
    }
    begs = [];
    left = str.length;
    while (i >= 0 && !result) {
      if (i === ai) {
        begs.push(i);
        ai = str.indexOf(a, i + 1);
      } else if (begs.length === 1) {
        const r = begs.pop();
        if (r !== void 0)
          result = [r, bi];
      } else {
        beg = begs.pop();
        if (beg !== void 0 && beg < left) {
          left = beg;
          right = bi;
        }
        bi = str.indexOf(b, i + 1);
      }
      i = ai < bi && ai >= 0 ? ai : bi;
    }
    if (begs.length && right !== void 0) {
      result = [left, right];
    }
  }
  return result;
};

// node_modules/brace-expansion/dist/esm/index.js
var escSlash = "\0SLASH" + Math.random().toFixed(16) + "\0";
var escOpen = "\0OPEN" + Math.random().toFixed(16) + "\0";
var escClose = "\0CLOSE" + Math.random().toFixed(16) + "\0";
var escComma = "\0COMMA" + Math.random().toFixed(16) + "\0";
var escPeriod = "\0PERIOD" + Math.random().toFixed(16) + "\0";
var escSlashPattern = new RegExp(escSlash, "g");
var escOpenPattern = new RegExp(escOpen, "g");
var escClosePattern = new RegExp(escClose, "g");
var escCommaPattern = new RegExp(escComma, "g");
var escPeriodPattern = new RegExp(escPeriod, "g");
var slashPattern = /\\\\/g;
var openPattern = /\\{/g;
var closePattern = /\\}/g;
var commaPattern = /\\,/g;
var periodPattern = /\\\./g;
var EXPANSION_MAX = 1e5;
var EXPANSION_MAX_LENGTH = 4e6;
var EXPANSION_MAX_DEPTH = 1e3;
var EXPANSION_MAX_REWRITES = 1e3;
var EXPANSION_MAX_STEPS = 2e7;
var CALL_STEPS = 16;
function numeric(str) {
  return !isNaN(str) ? parseInt(str, 10) : str.charCodeAt(0);
}
function escapeBraces(str) {
  return str.replace(slashPattern, escSlash).replace(openPattern, escOpen).replace(closePattern, escClose).replace(commaPattern, escComma).replace(periodPattern, escPeriod);
}
function unescapeBraces(str) {
  return str.replace(escSlashPattern, "\\").replace(escOpenPattern, "{").replace(escClosePattern, "}").replace(escCommaPattern, ",").replace(escPeriodPattern, ".");
}
function pushAll(target, items) {
  for (let i = 0; i < items.length; i++) {
    target.push(items[i]);
  }
}
function balancedWithBudget(str, masked, budget) {
  if (budget.remaining < 0) {
    return void 0;
  }
  const r = range("{", "}", masked);
  const unmatched = r !== void 0 && masked.indexOf("{") < r[0];
  budget.remaining -= r && !unmatched ? r[1] + 1 : str.length;
  if (!r || budget.remaining < 0) {
    return void 0;
  }
  return {
    end: r[1],
    pre: str.slice(0, r[0]),
    body: str.slice(r[0] + 1, r[1]),
    post: str.slice(r[1] + 1),
    unmatched
  };
}
function maskUnmatchedOpens(masked, budget) {
  budget.remaining -= masked.length;
  const open = [];
  for (let i = 0; i < masked.length; i++) {
    const c = masked.charCodeAt(i);
    if (c === 123) {
      open.push(i);
    } else if (c === 125 && open.length) {
      open.pop();
    }
  }
  let out = "";
  let last = 0;
  for (let i = 0; i < open.length; i++) {
    const at = open[i];
    out += masked.slice(last, at) + "\0";
    last = at + 1;
  }
  return out + masked.slice(last);
}
function commaSetFollows(str, budget) {
  budget.remaining -= str.length;
  if (budget.remaining < 0) {
    return false;
  }
  let close = false;
  for (let i = str.length - 1; i >= 0; i--) {
    const c = str.charCodeAt(i);
    if (c === 125) {
      close = true;
    } else if (c === 10 || c === 13 || c === 8232 || c === 8233) {
      close = false;
    } else if (c === 44 && close && str.charCodeAt(i + 1) !== 44) {
      return true;
    }
  }
  return false;
}
function parseCommaParts(str, budget) {
  const parts = [];
  let carry = "";
  for (; ; ) {
    const m = balancedWithBudget(str, str, budget);
    if (budget.remaining < 0) {
      return void 0;
    }
    if (!m) {
      const tail = str.split(",");
      tail[0] = carry + tail[0];
      pushAll(parts, tail);
      return parts;
    }
    const { pre, body, post } = m;
    const p = pre.split(",");
    p[0] = carry + p[0];
    p[p.length - 1] += "{" + body + "}";
    if (!post.length) {
      pushAll(parts, p);
      return parts;
    }
    carry = p.pop();
    pushAll(parts, p);
    str = post;
  }
}
function bound(value, fallback) {
  return value === void 0 || isNaN(value) ? fallback : value;
}
function expand(str, options = {}) {
  if (!str) {
    return [];
  }
  const max = bound(options.max, EXPANSION_MAX);
  const maxLength = bound(options.maxLength, EXPANSION_MAX_LENGTH);
  const maxDepth = bound(options.maxDepth, EXPANSION_MAX_DEPTH);
  const maxRewrites = bound(options.maxRewrites, EXPANSION_MAX_REWRITES);
  const maxSteps = bound(options.maxSteps, EXPANSION_MAX_STEPS);
  if (str.slice(0, 2) === "{}") {
    str = "\\{\\}" + str.slice(2);
  }
  return expand_(escapeBraces(str), max, maxLength, maxDepth, 0, maxRewrites, { remaining: maxSteps }, true).map(unescapeBraces);
}
function embrace(str) {
  return "{" + str + "}";
}
function isPadded(el) {
  return /^-?0\d/.test(el);
}
function lte(i, y) {
  return i <= y;
}
function gte(i, y) {
  return i >= y;
}
function combine(acc, pre, values, max, maxLength, dropEmpties, budget) {
  const out = [];
  let length = 0;
  let nonEmpty;
  outer: for (let a = 0; a < acc.length; a++) {
    const prefix2 = acc[a] + pre;
    let vs = values;
    if (dropEmpties && !prefix2) {
      if (!nonEmpty)
        nonEmpty = values.filter((v) => v);
      vs = nonEmpty;
    }
    for (let v = 0; v < vs.length; v++) {
      if (out.length >= max)
        break outer;
      const expansion = prefix2 + vs[v];
      if (length + expansion.length > maxLength)
        break outer;
      out.push(expansion);
      length += expansion.length;
    }
  }
  budget.remaining -= out.length;
  return out;
}
function expandSequence(body, isAlphaSequence, max, maxLength, budget) {
  const n = body.split(/\.\./);
  const N = [];
  if (n[0] === void 0 || n[1] === void 0) {
    return N;
  }
  const x = numeric(n[0]);
  const y = numeric(n[1]);
  const width = Math.max(n[0].length, n[1].length);
  let incr = n.length === 3 && n[2] !== void 0 ? Math.max(Math.abs(numeric(n[2])), 1) : 1;
  let test = lte;
  const reverse = y < x;
  if (reverse) {
    incr *= -1;
    test = gte;
  }
  const pad = n.some(isPadded);
  const cost = pad ? width : 1;
  let length = 0;
  for (let i = x; test(i, y) && N.length < max; i += incr) {
    budget.remaining -= cost;
    if (budget.remaining < 0) {
      return void 0;
    }
    let c;
    if (isAlphaSequence) {
      c = String.fromCharCode(i);
      if (c === "\\") {
        c = "";
      }
    } else {
      c = String(i);
      if (pad) {
        const need = width - c.length;
        if (need > 0) {
          const z = new Array(need + 1).join("0");
          if (i < 0) {
            c = "-" + z + c.slice(1);
          } else {
            c = z + c;
          }
        }
      }
    }
    if (length + c.length > maxLength)
      break;
    N.push(c);
    length += c.length;
  }
  return N;
}
function expand_(str, max, maxLength, maxDepth, depth, maxRewrites, budget, isTop) {
  budget.remaining -= CALL_STEPS;
  if (depth > maxDepth) {
    return [str];
  }
  let acc = [""];
  let rewrites = 0;
  let dropEmpties = false;
  let firstGroup = true;
  let masked = str;
  for (; ; ) {
    const m = balancedWithBudget(str, masked, budget);
    if (!m) {
      return combine(acc, str, [""], max, maxLength, dropEmpties, budget);
    }
    if (m.unmatched) {
      masked = maskUnmatchedOpens(masked, budget);
    }
    const pre = m.pre;
    const literal2 = () => combine(acc, pre + "{" + m.body + "}" + m.post, [""], max, maxLength, dropEmpties, budget);
    if (/\$$/.test(pre)) {
      acc = combine(acc, pre + "{" + m.body + "}", [""], max, maxLength, dropEmpties && !m.post.length, budget);
      firstGroup = false;
      if (!m.post.length)
        break;
      str = m.post;
      masked = masked.slice(m.end + 1);
      continue;
    }
    const isNumericSequence = /^-?\d+\.\.-?\d+(?:\.\.-?\d+)?$/.test(m.body);
    const isAlphaSequence = /^[a-zA-Z]\.\.[a-zA-Z](?:\.\.-?\d+)?$/.test(m.body);
    const isSequence = isNumericSequence || isAlphaSequence;
    const isOptions = m.body.indexOf(",") >= 0;
    if (!isSequence && !isOptions) {
      if (rewrites < maxRewrites && commaSetFollows(m.post, budget)) {
        rewrites++;
        str = m.pre + "{" + m.body + escClose + m.post;
        masked = masked.slice(0, m.end) + escClose + masked.slice(m.end + 1);
        isTop = true;
        continue;
      }
      return literal2();
    }
    if (firstGroup) {
      dropEmpties = isTop && !isSequence;
      firstGroup = false;
    }
    let values;
    if (isSequence) {
      values = expandSequence(m.body, isAlphaSequence, max, maxLength, budget);
      if (!values) {
        return literal2();
      }
    } else {
      let n = parseCommaParts(m.body, budget);
      if (!n) {
        return literal2();
      }
      if (n.length === 1 && n[0] !== void 0) {
        n = expand_(n[0], max, maxLength, maxDepth, depth + 1, maxRewrites, budget, false).map(embrace);
        if (budget.remaining < 0) {
          return literal2();
        }
        if (n.length === 1) {
          const next2 = combine(acc, pre + n[0], [""], max, maxLength, dropEmpties && !m.post.length, budget);
          if (budget.remaining < 0) {
            return literal2();
          }
          acc = next2;
          if (!m.post.length)
            break;
          str = m.post;
          masked = masked.slice(m.end + 1);
          continue;
        }
      }
      let dropsEmpties = dropEmpties && !m.post.length && !pre;
      for (let d = 0; dropsEmpties && d < acc.length; d++) {
        if (acc[d]) {
          dropsEmpties = false;
        }
      }
      values = [];
      let valuesLength = 0;
      outer: for (let j = 0; j < n.length; j++) {
        const expanded = expand_(n[j], max, maxLength, maxDepth, depth + 1, maxRewrites, budget, false);
        if (budget.remaining < 0) {
          return literal2();
        }
        for (let k = 0; k < expanded.length; k++) {
          const v = expanded[k];
          if (dropsEmpties && !v)
            continue;
          if (values.length >= max || valuesLength + v.length > maxLength) {
            break outer;
          }
          values.push(v);
          valuesLength += v.length;
        }
      }
    }
    const next = combine(acc, pre, values, max, maxLength, dropEmpties && !m.post.length, budget);
    if (budget.remaining < 0) {
      return literal2();
    }
    acc = next;
    if (!m.post.length)
      break;
    str = m.post;
    masked = masked.slice(m.end + 1);
  }
  return acc;
}

// node_modules/@isaacs/nonrecursive-glob-match/dist/esm/numeric-range.js
var digit = (a, b) => a === b ? { t: "lit", ch: String(a) } : { t: "class", re: new RegExp(`^[${a}-${b}]$`) };
var prefix = (d, alts) => alts.map((s) => [digit(d, d), ...s]);
var fixed = (a, b) => {
  if (!a)
    return [[]];
  let lo = +a[0];
  let hi = +b[0];
  const ra = a.slice(1);
  const rb = b.slice(1);
  if (lo === hi)
    return prefix(lo, fixed(ra, rb));
  const zeros = "0".repeat(ra.length);
  const nines = "9".repeat(ra.length);
  const out = [];
  if (ra !== zeros)
    out.push(...prefix(lo++, fixed(ra, nines)));
  const last = rb === nines ? [] : prefix(hi--, fixed(zeros, rb));
  if (lo <= hi) {
    out.push([digit(lo, hi), ...Array.from(ra, () => digit(0, 9))]);
  }
  out.push(...last);
  return out;
};
var nonneg = (a, b, width) => {
  if (width) {
    return fixed(String(a).padStart(width, "0"), String(b).padStart(width, "0"));
  }
  const out = [];
  for (let len = String(a).length; len <= String(b).length; len++) {
    const lo = Math.max(a, len === 1 ? 0 : 10 ** (len - 1));
    const hi = Math.min(b, 10 ** len - 1);
    out.push(...fixed(String(lo), String(hi)));
  }
  return out;
};
var numericRange = (loStr, hiStr) => {
  let lo = Number(loStr);
  let hi = Number(hiStr);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi))
    return;
  if (lo > hi)
    [lo, hi] = [hi, lo];
  const padded = /^-?0\d/.test(loStr) || /^-?0\d/.test(hiStr);
  const width = padded ? Math.max(loStr.length, hiStr.length) : 0;
  const out = [];
  if (lo < 0) {
    const neg = nonneg(Math.max(-hi, 1), -lo, width && width - 1);
    out.push(...neg.map((s) => [{ t: "lit", ch: "-" }, ...s]));
  }
  if (hi >= 0)
    out.push(...nonneg(Math.max(lo, 0), hi, width));
  return out;
};

// node_modules/@isaacs/nonrecursive-glob-match/dist/esm/parse-class.js
var posixClasses = {
  "[:alnum:]": ["\\p{L}\\p{Nl}\\p{Nd}"],
  "[:alpha:]": ["\\p{L}\\p{Nl}"],
  "[:ascii:]": ["\\x00-\\x7f"],
  "[:blank:]": ["\\p{Zs}\\t"],
  "[:cntrl:]": ["\\p{Cc}"],
  "[:digit:]": ["\\p{Nd}"],
  "[:graph:]": ["\\p{Z}\\p{C}", true],
  "[:lower:]": ["\\p{Ll}"],
  "[:print:]": ["\\p{C}", true],
  "[:punct:]": ["\\p{P}\\p{S}"],
  "[:space:]": ["\\p{Z}\\t\\r\\n\\v\\f"],
  "[:upper:]": ["\\p{Lu}"],
  "[:word:]": ["\\p{L}\\p{Nl}\\p{Nd}\\p{Pc}"],
  "[:xdigit:]": ["A-Fa-f0-9"]
};
var braceEscape = (s) => s.replace(/[[\]\\-]/g, "\\$&");
var noMatch = /$./;
var parseClass = (glob, position, nocase = false, form) => {
  const norm = (c) => {
    const n = form ? c.normalize(form) : c;
    return [...n].length === 1 ? n : c;
  };
  const pos = position;
  if (glob.charAt(pos) !== "[") {
    throw new Error("not in a brace expression");
  }
  const ranges = [];
  const negs = [];
  let i = pos + 1;
  let sawStart = false;
  let escaping = false;
  let negate = false;
  let endPos = pos;
  let rangeStart = "";
  WHILE: while (i < glob.length) {
    const c = String.fromCodePoint(glob.codePointAt(i));
    if ((c === "!" || c === "^") && i === pos + 1) {
      negate = true;
      i++;
      continue;
    }
    if (c === "]" && sawStart && !escaping) {
      endPos = i + 1;
      break;
    }
    sawStart = true;
    if (c === "\\") {
      if (!escaping) {
        escaping = true;
        i++;
        continue;
      }
    }
    if (c === "[" && !escaping) {
      for (const [cls, [unip, neg]] of Object.entries(posixClasses)) {
        if (glob.startsWith(cls, i)) {
          if (rangeStart) {
            return [noMatch, glob.length - pos];
          }
          i += cls.length;
          if (neg)
            negs.push(unip);
          else
            ranges.push(unip);
          continue WHILE;
        }
      }
    }
    escaping = false;
    const n = norm(c);
    if (rangeStart) {
      if (n.codePointAt(0) > rangeStart.codePointAt(0)) {
        ranges.push(braceEscape(rangeStart) + "-" + braceEscape(n));
      } else if (n === rangeStart) {
        ranges.push(braceEscape(n));
      }
      rangeStart = "";
      i += c.length;
      continue;
    }
    if (glob.startsWith("-]", i + c.length)) {
      ranges.push(braceEscape(n + "-"));
      i += c.length + 1;
      continue;
    }
    if (glob.startsWith("-", i + c.length)) {
      rangeStart = n;
      i += c.length + 1;
      continue;
    }
    ranges.push(braceEscape(n));
    i += c.length;
  }
  if (endPos < i) {
    return [noMatch, 0];
  }
  if (!ranges.length && !negs.length) {
    return [noMatch, glob.length - pos];
  }
  const sranges = "[" + (negate ? "^" : "") + ranges.join("") + "]";
  const snegs = "[" + (negate ? "" : "^") + negs.join("") + "]";
  const comb = "^" + (ranges.length && negs.length ? "(" + sranges + "|" + snegs + ")" : ranges.length ? sranges : snegs);
  return [new RegExp(comb, nocase ? "iu" : "u"), endPos - pos];
};

// node_modules/@isaacs/nonrecursive-glob-match/dist/esm/index.js
var MATCH = { t: "match", id: 0 };
var extTypes = "!?+*@";
var lit = (ch) => ({ t: "lit", ch });
var reEscape = (s) => s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
var newFoldRe = (s) => new RegExp(`^${reEscape(s)}$`, "iu");
var foldCache = /* @__PURE__ */ new Map();
var foldRe = (ch) => {
  let re = foldCache.get(ch);
  if (!re) {
    re = newFoldRe(ch);
    if (foldCache.size >= 1e3)
      foldCache.clear();
    foldCache.set(ch, re);
  }
  return re;
};
var litMatch = (l, c) => {
  if (c === l.ch)
    return true;
  if (!l.re)
    return false;
  const code = c.charCodeAt(0);
  if (code >= 128)
    return l.re.test(c);
  const ascii = l.ascii ??= new Uint8Array(128);
  ascii[code] ||= l.re.test(c) ? 1 : 2;
  return ascii[code] === 1;
};
var tokenize = (p, nocase, noext, form, mark) => {
  const toks = [];
  for (let i = 0; i < p.length; ) {
    const c = String.fromCodePoint(p.codePointAt(i));
    if (mark) {
      const m = c === "\\" && p.startsWith(mark, i + 1) ? 1 : 0;
      if (m || c === mark) {
        const start = i + m + mark.length;
        const end = p.indexOf(mark, start);
        const r = /^(-?\d+)\.\.(-?\d+)$/.exec(p.slice(start, end));
        const alts = end !== -1 && r && numericRange(r[1], r[2]);
        if (alts) {
          toks.push({ t: "ext", type: "@", alts });
          i = end + mark.length;
          continue;
        }
      }
    }
    if (c === "\\") {
      const e = p.codePointAt(i + 1);
      const ch = e === void 0 ? c : String.fromCodePoint(e);
      toks.push(lit(ch));
      i += 1 + ch.length;
      continue;
    }
    if (c === "[") {
      const [re, consumed] = parseClass(p, i, nocase, form);
      if (consumed) {
        toks.push({ t: "class", re });
        i += consumed;
        continue;
      }
    }
    if (!noext && extTypes.includes(c) && p[i + 1] === "(") {
      toks.push({ t: "open", type: c });
      i += 2;
      continue;
    }
    toks.push(!noext && c === "|" ? { t: "bar" } : !noext && c === ")" ? { t: "close" } : c === "*" ? { t: "star" } : c === "?" ? { t: "any" } : lit(c));
    i += c.length;
  }
  return toks;
};
var pair = (toks) => {
  const pairs = /* @__PURE__ */ new Map();
  const stack = [];
  toks.forEach((tok, i) => {
    if (tok.t === "open")
      stack.push(i);
    else if (tok.t === "close" && stack.length)
      pairs.set(stack.pop(), i);
  });
  return pairs;
};
var build = (toks, pairs, start, end, top) => {
  let seq = [];
  const alts = [seq];
  for (let i = start; i < end; i++) {
    const tok = toks[i];
    const close = pairs.get(i);
    if (tok.t === "open" && close !== void 0) {
      const sub = build(toks, pairs, i + 1, close, false);
      seq.push({ t: "ext", type: tok.type, alts: sub });
      i = close;
    } else if (tok.t === "bar" && !top) {
      alts.push(seq = []);
    } else if (tok.t === "open") {
      seq.push(lit(tok.type), lit("("));
    } else if (tok.t === "bar") {
      seq.push(lit("|"));
    } else if (tok.t === "close") {
      seq.push(lit(")"));
    } else {
      seq.push(tok);
    }
  }
  return alts;
};
var normalize = (items, form) => {
  const out = [];
  let run = "";
  const flush = () => {
    for (const ch of run.normalize(form))
      out.push(lit(ch));
    run = "";
  };
  for (const it of items) {
    if (it.t === "lit") {
      run += it.ch;
      continue;
    }
    flush();
    out.push(it.t === "ext" ? { ...it, alts: it.alts.map((a) => normalize(a, form)) } : it);
  }
  flush();
  return out;
};
var compile = (items, nocase) => {
  let id = 1;
  const split = (out) => ({ t: "split", id: id++, out });
  const seq = (items2, next) => items2.reduceRight((next2, it) => item(it, next2), next);
  const item = (it, next) => {
    switch (it.t) {
      case "lit":
        const re = nocase ? foldRe(it.ch) : void 0;
        return { t: "lit", id: id++, ch: it.ch, re, next };
      case "any":
      case "star":
        return { t: it.t, id: id++, next };
      case "class":
        return { t: "class", id: id++, re: it.re, next };
    }
    const alts = (next2) => it.alts.map((a) => seq(a, next2));
    switch (it.type) {
      case "@":
        return split(alts(next));
      case "?":
        return split([next, ...alts(next)]);
      case "!":
        return { t: "neg", id: id++, sub: split(alts(MATCH)), next };
    }
    const after = split([]);
    const entry = split(alts(after));
    after.out.push(next, entry);
    return it.type === "*" ? after : entry;
  };
  const start = seq(items, MATCH);
  return [start, id];
};
var show = (start) => {
  const lines = [];
  const seen = /* @__PURE__ */ new Set();
  const ref = (n) => n.t === "match" ? "match" : String(n.id);
  const walk = (n, indent) => {
    if (n.t === "match" || seen.has(n))
      return;
    seen.add(n);
    const line = (desc) => lines.push(`${indent}${n.id}: ${desc}`);
    switch (n.t) {
      case "split":
        line(`split -> ${n.out.map(ref).join(", ")}`);
        for (const o of n.out)
          walk(o, indent);
        return;
      case "neg":
        line(`!(${ref(n.sub)}) -> ${ref(n.next)}`);
        walk(n.sub, indent + "  ");
        return walk(n.next, indent);
      case "lit":
        line(`${JSON.stringify(n.ch)} -> ${ref(n.next)}`);
        break;
      case "class":
        line(`${n.re} -> ${ref(n.next)}`);
        break;
      default:
        line(`${n.t === "any" ? "?" : "*"} -> ${ref(n.next)}`);
    }
    walk(n.next, indent);
  };
  walk(start, "");
  return [`start -> ${ref(start)}`, ...lines].join("\n");
};
var State = class {
  // set by the Sim, to mark the nodes that this state has
  gen;
  threads = [];
  match = false;
  runs = [];
  // the sorted ids of the threads, with 0 for a match, once the
  // state is done
  ids = [];
  constructor(gen) {
    this.gen = gen;
  }
  // no threads, so nothing more can match
  get dead() {
    return !this.threads.length && !this.match && !this.runs.length;
  }
};
var sameState = (a, b) => {
  if (a.ids.length !== b.ids.length)
    return false;
  if (a.runs.length !== b.runs.length)
    return false;
  if (a.ids.some((id, i) => id !== b.ids[i]))
    return false;
  return a.runs.every((r) => b.runs.some((o) => o.neg === r.neg && sameState(o.state, r.state)));
};
var marks = (size) => ({
  has: new Float64Array(size),
  seen: new Float64Array(size),
  gen: 0
});
var Sim = class {
  // `.` and `..` only match literal dots, even with `dot:true`
  dots;
  // the string starts with `.`, and `dot:true` is not set
  dotStart;
  #marks;
  constructor(dots, dotStart, marks2) {
    this.dots = dots;
    this.dotStart = dotStart;
    this.#marks = marks2;
  }
  state() {
    return new State(++this.#marks.gen);
  }
  // sort the ids of a state, once it has all of its threads
  done(state) {
    state.ids = state.threads.map((n) => n.id).sort((a, b) => a - b);
    if (state.match)
      state.ids.unshift(MATCH.id);
    return state;
  }
  // true the first time that the state walks through the node, so
  // that loops in the graph stop
  #visit(state, node) {
    const { seen } = this.#marks;
    if (seen[node.id] === state.gen)
      return false;
    seen[node.id] = state.gen;
    return true;
  }
  #addThread(state, node) {
    const { has } = this.#marks;
    if (has[node.id] === state.gen)
      return false;
    has[node.id] = state.gen;
    state.threads.push(node);
    return true;
  }
  // wildcards only match a leading dot if `dot:true`. In a negated
  // sub-pattern, this does not apply, because the negation itself
  // can not match a leading dot.
  restricted(i, top) {
    return top && (this.dots || this.dotStart && i === 0);
  }
  add(state, node, i, top) {
    switch (node.t) {
      case "split":
        if (!this.#visit(state, node))
          return;
        for (const o of node.out)
          this.add(state, o, i, top);
        return;
      case "neg":
        if (!this.#visit(state, node))
          return;
        const sub = this.state();
        this.add(sub, node.sub, i, false);
        this.done(sub);
        return this.addRun(state, { t: "run", neg: node, state: sub }, i, top);
      case "star":
        if (this.restricted(i, top))
          return;
        if (this.#addThread(state, node))
          this.add(state, node.next, i, top);
        return;
      case "match":
        state.match = true;
        return;
      default:
        this.#addThread(state, node);
    }
  }
  addRun(state, run, i, top) {
    for (const r of state.runs) {
      if (r.neg === run.neg && sameState(r.state, run.state))
        return;
    }
    state.runs.push(run);
    if (!run.state.match) {
      this.add(state, run.neg.next, i, top);
    }
  }
  // the threads after char `c`, at index `i`
  step(state, c, i, top) {
    const next = this.state();
    for (const th of state.threads) {
      switch (th.t) {
        case "lit":
          if (litMatch(th, c)) {
            this.add(next, th.next, i + 1, top);
          }
          break;
        case "any":
          if (!this.restricted(i, top))
            this.add(next, th.next, i + 1, top);
          break;
        case "class":
          if (!this.restricted(i, top) && th.re.test(c)) {
            this.add(next, th.next, i + 1, top);
          }
          break;
        case "star":
          if (!this.restricted(i, top))
            this.add(next, th, i + 1, top);
      }
    }
    if (!this.restricted(i, top)) {
      for (const run of state.runs) {
        if (run.state.dead) {
          this.addRun(next, run, i + 1, top);
          continue;
        }
        const sub = this.step(run.state, c, i, false);
        this.addRun(next, { t: "run", neg: run.neg, state: sub }, i + 1, top);
      }
    }
    return this.done(next);
  }
};
var stateKey = (state) => {
  const ids = state.ids.join();
  if (!state.runs.length)
    return ids;
  const runs = state.runs.map((r) => `${r.neg.id}(${stateKey(r.state)})`);
  return `${ids}|${runs.sort().join("|")}`;
};
var DFA_BUDGET = 1 << 18;
var Dfa = class {
  #start;
  #states = /* @__PURE__ */ new Map();
  #size = 0;
  #plain;
  #dotStart;
  #sim;
  #dotSim;
  constructor(start, marks2) {
    this.#start = start;
    this.#sim = new Sim(false, false, marks2);
    this.#dotSim = new Sim(false, true, marks2);
  }
  #make(state) {
    return {
      state,
      match: state.match,
      dead: state.dead,
      next: /* @__PURE__ */ new Map()
    };
  }
  #intern(state) {
    const key = stateKey(state);
    const found = this.#states.get(key);
    if (found)
      return found;
    if (this.#size > DFA_BUDGET)
      this.#clear();
    const d = this.#make(state);
    this.#states.set(key, d);
    this.#size += key.length + 1;
    return d;
  }
  #clear() {
    this.#states.clear();
    this.#size = 0;
    this.#plain = void 0;
    this.#dotStart = void 0;
  }
  start(dotStart) {
    if (dotStart) {
      if (this.#dotStart)
        return this.#dotStart;
      const state2 = this.#dotSim.state();
      this.#dotSim.add(state2, this.#start, 0, true);
      return this.#dotStart = this.#make(this.#dotSim.done(state2));
    }
    if (this.#plain)
      return this.#plain;
    const state = this.#sim.state();
    this.#sim.add(state, this.#start, 0, true);
    return this.#plain = this.#intern(this.#sim.done(state));
  }
  // the next state, after a miss in `d.ascii`
  next(d, c) {
    const code = c.charCodeAt(0);
    const found = code < 128 ? void 0 : d.next.get(c);
    if (found)
      return found;
    const n = d === this.#dotStart ? this.#intern(this.#dotSim.step(d.state, c, 0, true)) : this.#intern(this.#sim.step(d.state, c, 1, true));
    if (code < 128) {
      if (!d.ascii) {
        d.ascii = new Array(128);
        this.#size += 128;
      }
      d.ascii[code] = n;
    } else {
      d.next.set(c, n);
    }
    this.#size++;
    return n;
  }
};
var linear = (start) => {
  const nodes = [];
  for (let n = start; n.t !== "match"; n = n.next) {
    if (n.t === "split" || n.t === "neg")
      return void 0;
    nodes.push(n);
  }
  return nodes;
};
var testLinear = (nodes, chars, start, end) => {
  let ni = 0;
  let ci = start;
  let starNi = -1;
  let starCi = 0;
  while (ci < end) {
    const n = nodes[ni];
    if (n?.t === "star") {
      starNi = ni++;
      starCi = ci;
      continue;
    }
    const c = chars[ci];
    if (n && (n.t === "any" || n.t === "lit" && litMatch(n, c) || n.t === "class" && n.re.test(c))) {
      ni++;
      ci++;
      continue;
    }
    if (starNi === -1)
      return false;
    ni = starNi + 1;
    ci = ++starCi;
  }
  while (nodes[ni]?.t === "star")
    ni++;
  return ni === nodes.length;
};
var lengths = (items) => {
  let min = 0;
  let max = 0;
  for (const it of items) {
    const [lo, hi] = itemLengths(it);
    min += lo;
    max += hi;
  }
  return [min, max];
};
var itemLengths = (it) => {
  if (it.t === "star")
    return [0, Infinity];
  if (it.t !== "ext")
    return [1, 1];
  if (it.type === "!")
    return [0, Infinity];
  const alts = it.alts.map(lengths);
  const min = Math.min(...alts.map((a) => a[0]));
  const max = Math.max(...alts.map((a) => a[1]));
  const loop = max === 0 ? 0 : Infinity;
  return it.type === "@" ? [min, max] : it.type === "?" ? [0, max] : it.type === "*" ? [0, loop] : [min, loop];
};
var hasAffix = (lits, chars, start) => {
  for (let j = 0; j < lits.length; j++) {
    if (!litMatch(lits[j], chars[start + j]))
      return false;
  }
  return true;
};
var slashOrSurrogate = /[/\ud800-\udfff]/;
var surrogate = /[\ud800-\udfff]/;
var codePoints = (s) => surrogate.test(s) ? [...s] : s;
var noSlash = (s) => {
  if (s.includes("/")) {
    throw new Error("can only match a single path portion, got: " + s);
  }
};
var Matcher = class {
  pattern;
  options;
  #start;
  // the number of node ids
  #size;
  #marks;
  // the Sim for strings that are only `.` or `..`
  #dotsSim;
  // the string to compare, if the pattern has no magic. With
  // `nocase:true`, the RegExp that folds case is made when it is
  // first used.
  #literal;
  #literalFold = false;
  #literalRe;
  // the nodes between the prefix and suffix, if the graph is a
  // single chain
  #linear;
  // the linear nodes are only `*` and `?`, so the length bounds and
  // the prefix and suffix decide the match
  #wild = false;
  // the least and most chars that a match can have
  #min = 0;
  #max = Infinity;
  // the literals that a match must start and end with. Each one
  // matches exactly one char, and they are distinct items in the
  // pattern, so a string that does not have them can not match.
  #prefix = [];
  #suffix = [];
  // the prefix and suffix as strings, if they do not fold case
  #prefixStr;
  #suffixStr;
  // there is a prefix or suffix to check
  #affix = false;
  #dfa;
  #form;
  constructor(pattern, options = {}) {
    if (pattern.includes("/")) {
      throw new Error("can only match a single path portion, got pattern: " + pattern);
    }
    this.pattern = pattern;
    this.options = options;
    const { nocase = false, noext = false, normalize: n } = options;
    this.#form = n === true ? "NFC" : n || void 0;
    const literal2 = /^[?*+@]\(\)$/.test(pattern);
    const toks = tokenize(pattern, nocase, noext || literal2, this.#form, options.rangeMark);
    let [items] = build(toks, pair(toks), 0, toks.length, true);
    if (this.#form)
      items = normalize(items, this.#form);
    const [start, size] = compile(items, nocase);
    this.#start = start;
    this.#size = size;
    if (items.every((it) => it.t === "lit")) {
      this.#literal = items.map((it) => it.ch).join("");
      this.#literalFold = nocase;
    } else {
      const lit2 = (it) => it.t !== "lit" ? void 0 : nocase ? { ch: it.ch, re: foldRe(it.ch) } : { ch: it.ch };
      for (const it of items) {
        const l = lit2(it);
        if (!l)
          break;
        this.#prefix.push(l);
      }
      for (let j = items.length - 1; j >= 0; j--) {
        const l = lit2(items[j]);
        if (!l)
          break;
        this.#suffix.unshift(l);
      }
      this.#affix = !!(this.#prefix.length || this.#suffix.length);
      if (!nocase) {
        this.#prefixStr = this.#prefix.map((l) => l.ch).join("");
        this.#suffixStr = this.#suffix.map((l) => l.ch).join("");
      }
      this.#linear = linear(this.#start)?.slice(this.#prefix.length, -this.#suffix.length || void 0);
      this.#wild = !!this.#linear?.every((n2) => n2.t === "star" || n2.t === "any");
      const [min, max] = lengths(items);
      this.#min = min;
      this.#max = max;
    }
  }
  test(s) {
    if (this.#form) {
      noSlash(s);
      return this.#test(s.normalize(this.#form));
    }
    if (slashOrSurrogate.test(s)) {
      noSlash(s);
      return this.#test(s, [...s]);
    }
    return this.#test(s, s);
  }
  /**
   * The same as {@link Matcher#test}, but the string is not checked
   * for `/` chars, so the result for a string that has one is not
   * defined. Only use it for a string that is known to be one path
   * portion, such as a part of a path that was split on `/`. It can
   * be faster, because some patterns do not need to look at each char
   * of the string.
   */
  testUnchecked(s) {
    return this.#test(this.#form ? s.normalize(this.#form) : s);
  }
  // Test a string that has no `/`. `chars` indexes it by code point.
  // If it is not given, it is only found if a step needs it.
  #test(s, chars) {
    if (this.#literal !== void 0) {
      return this.#literalFold ? (this.#literalRe ??= newFoldRe(this.#literal)).test(s) : s === this.#literal;
    }
    const min = this.#min;
    const max = this.#max;
    if (chars === void 0) {
      const most = s.length;
      const least = most + 1 >> 1;
      if (most < min || least > max)
        return false;
      if (least < min || most > max)
        chars = codePoints(s);
    }
    if (chars !== void 0 && (chars.length < min || chars.length > max)) {
      return false;
    }
    const prefix2 = this.#prefix.length;
    if (this.#affix) {
      if (this.#prefixStr !== void 0 && this.#suffixStr !== void 0) {
        if (!s.startsWith(this.#prefixStr) || !s.endsWith(this.#suffixStr)) {
          return false;
        }
      } else {
        chars ??= codePoints(s);
        const end = chars.length - this.#suffix.length;
        if (!hasAffix(this.#prefix, chars, 0) || !hasAffix(this.#suffix, chars, end)) {
          return false;
        }
      }
    }
    const dotStart = !this.options.dot && s.startsWith(".");
    if (this.#linear) {
      if (s === "." || s === "..")
        return false;
      if (dotStart && !prefix2)
        return false;
      if (this.#wild)
        return true;
      chars ??= codePoints(s);
      const end = chars.length - this.#suffix.length;
      return testLinear(this.#linear, chars, prefix2, end);
    }
    chars ??= codePoints(s);
    if (s === "." || s === "..") {
      this.#marks ??= marks(this.#size);
      const sim = this.#dotsSim ??= new Sim(true, false, this.#marks);
      const start = sim.state();
      sim.add(start, this.#start, 0, true);
      let state = sim.done(start);
      for (let i = 0; i < chars.length; i++) {
        state = sim.step(state, chars[i], i, true);
      }
      return state.match;
    }
    this.#marks ??= marks(this.#size);
    const dfa = this.#dfa ??= new Dfa(this.#start, this.#marks);
    let d = dfa.start(dotStart);
    const str = chars === s;
    for (let i = 0; i < chars.length; i++) {
      if (d.dead)
        return false;
      const code = str ? s.charCodeAt(i) : chars[i].charCodeAt(0);
      d = d.ascii?.[code] ?? dfa.next(d, chars[i]);
    }
    return d.match;
  }
  /** a readable listing of the state machine */
  toString() {
    return show(this.#start);
  }
};

// node_modules/minimatch/dist/esm/assert-valid-pattern.js
var MAX_PATTERN_LENGTH = 1024 * 64;
var assertValidPattern = (pattern) => {
  if (typeof pattern !== "string") {
    throw new TypeError("invalid pattern");
  }
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new TypeError("pattern is too long");
  }
};

// node_modules/minimatch/dist/esm/escape.js
var escape = (s, { windowsPathsNoEscape = false, magicalBraces = false } = {}) => {
  const e = magicalBraces ? windowsPathsNoEscape ? s.replace(/[?*()[\]{}]/g, "[$&]") : s.replace(/[?*()[\]\\{}]/g, "\\$&") : windowsPathsNoEscape ? s.replace(/[?*()[\]]/g, "[$&]") : s.replace(/[?*()[\]\\]/g, "\\$&");
  const c = e.charAt(0);
  if (c === "#") {
    return (windowsPathsNoEscape ? "[#]" : "\\#") + e.slice(1);
  }
  if (c === "!") {
    return (windowsPathsNoEscape ? "@(!)" : "\\!") + e.slice(1);
  }
  return e;
};

// node_modules/minimatch/dist/esm/unescape.js
var unescape = (s, { windowsPathsNoEscape = false, magicalBraces = true } = {}) => {
  if (windowsPathsNoEscape && s.startsWith("@(!)")) {
    return "!" + unescape(s.slice(4), { windowsPathsNoEscape, magicalBraces });
  }
  if (magicalBraces) {
    return windowsPathsNoEscape ? s.replace(/\[([^/\\])\]/g, "$1") : s.replace(/((?!\\).|^)\[([^/\\])\]/g, "$1$2").replace(/\\([^/])/g, "$1");
  }
  return windowsPathsNoEscape ? s.replace(/\[([^/\\{}])\]/g, "$1") : s.replace(/((?!\\).|^)\[([^/\\{}])\]/g, "$1$2").replace(/\\([^/{}])/g, "$1");
};

// node_modules/minimatch/dist/esm/index.js
var DEFAULT_BRACE_EXPAND_MAX = 1e5;
var DEFAULT_GLOB_STAR_RECURSION_MAX = 200;
var AWE_KEY = "allowWindowsEscape";
var minimatch = (p, pattern, options) => {
  assertValidPattern(pattern);
  if (!options?.nocomment && pattern.charAt(0) === "#") {
    return false;
  }
  return cachedMinimatch(pattern, options).match(p);
};
var cache = /* @__PURE__ */ new Map();
var oldCache = /* @__PURE__ */ new Map();
var cacheSize = 0;
var cacheTotalWeight = 0;
var cacheMax = 256;
var cacheMaxWeight = 1 << 15;
var cacheMaxEntryWeight = 1 << 12;
var cacheWeight = (mm) => {
  let w = mm.pattern.length;
  for (const s of mm.globSet) {
    w += s.length + 1;
    if (w > cacheMaxEntryWeight)
      break;
  }
  return w;
};
var tri = (v) => v === void 0 ? 0 : v ? 2 : 1;
var booleanWeights = new Map(Object.keys({
  nobrace: 0,
  nocomment: 0,
  nonegate: 0,
  noglobstar: 0,
  noext: 0,
  nonull: 0,
  partial: 0,
  dot: 0,
  nocase: 0,
  nocaseMagicOnly: 0,
  magicalBraces: 0,
  matchBase: 0,
  flipNegate: 0,
  preserveMultipleSlashes: 0,
  windowsNoMagicRoot: 0
}).map((k, i) => [k, 24 * 3 ** i]));
var optionsKey = (o) => {
  let n = 0;
  let wpe = false;
  for (const k in o) {
    const v = o[k];
    switch (k) {
      // the same test as the Minimatch constructor
      case "windowsPathsNoEscape":
        if (v)
          wpe = true;
        break;
      case AWE_KEY:
        if (v === false)
          wpe = true;
        break;
      case "platform": {
        const p = v || defaultPlatform;
        if (p === defaultPlatform)
          break;
        if (p === "darwin")
          n += 3;
        else if (p === "win32")
          n += 6;
        else if (p === "linux")
          n += 9;
        else
          return JSON.stringify(o);
        break;
      }
      case "optimizationLevel":
        if (v === void 0)
          break;
        n += v >= 2 ? 1 : v >= 1 ? 0 : 2;
        break;
      case "braceExpandMax":
        if (v !== void 0 && v !== DEFAULT_BRACE_EXPAND_MAX) {
          return JSON.stringify(o);
        }
        break;
      case "maxGlobstarRecursion":
        if (v !== void 0 && v !== DEFAULT_GLOB_STAR_RECURSION_MAX) {
          return JSON.stringify(o);
        }
        break;
      case "normalize":
        if (v !== void 0)
          return JSON.stringify(o);
        break;
      default:
        n += (booleanWeights.get(k) ?? 0) * tri(v);
    }
  }
  return wpe ? n + 12 : n;
};
var copyOptions = (o) => {
  const copy = {};
  for (const k in o)
    copy[k] = o[k];
  return copy;
};
var cachedMinimatch = (pattern, options) => {
  const key = options ? optionsKey(options) : 0;
  let mm = cache.get(key)?.get(pattern);
  if (mm)
    return mm;
  mm = oldCache.get(key)?.get(pattern) ?? new Minimatch(pattern, copyOptions(options));
  const weight = cacheWeight(mm);
  if (weight > cacheMaxEntryWeight)
    return mm;
  if (cacheSize >= cacheMax || cacheTotalWeight + weight > cacheMaxWeight) {
    oldCache = cache;
    cache = /* @__PURE__ */ new Map();
    cacheSize = 0;
    cacheTotalWeight = 0;
  }
  let byPattern = cache.get(key);
  if (!byPattern)
    cache.set(key, byPattern = /* @__PURE__ */ new Map());
  byPattern.set(pattern, mm);
  cacheSize++;
  cacheTotalWeight += weight;
  return mm;
};
var defaultPlatform = typeof process === "object" && process ? process.env?.__MINIMATCH_TESTING_PLATFORM__ || process.platform : "posix";
var path = {
  win32: { sep: "\\" },
  posix: { sep: "/" }
};
var sep = defaultPlatform === "win32" ? path.win32.sep : path.posix.sep;
minimatch.sep = sep;
var GLOBSTAR = /* @__PURE__ */ Symbol("globstar **");
minimatch.GLOBSTAR = GLOBSTAR;
var filter = (pattern, options) => {
  let mm;
  return (p) => (mm ??= cachedMinimatch(pattern, options)).match(p);
};
minimatch.filter = filter;
var ext = (a, b = {}) => Object.assign({}, a, b);
var defaults = (def) => {
  if (!def || typeof def !== "object" || !Object.keys(def).length) {
    return minimatch;
  }
  const orig = minimatch;
  const m = (p, pattern, options = {}) => orig(p, pattern, ext(def, options));
  return Object.assign(m, {
    Minimatch: class Minimatch extends orig.Minimatch {
      constructor(pattern, options = {}) {
        super(pattern, ext(def, options));
      }
      static defaults(options) {
        return orig.defaults(ext(def, options)).Minimatch;
      }
    },
    unescape: (s, options = {}) => orig.unescape(s, ext(def, options)),
    escape: (s, options = {}) => orig.escape(s, ext(def, options)),
    filter: (pattern, options = {}) => orig.filter(pattern, ext(def, options)),
    defaults: (options) => orig.defaults(ext(def, options)),
    braceExpand: (pattern, options = {}) => orig.braceExpand(pattern, ext(def, options)),
    match: (list, pattern, options = {}) => orig.match(list, pattern, ext(def, options)),
    sep: orig.sep,
    GLOBSTAR
  });
};
minimatch.defaults = defaults;
var braceExpand = (pattern, options = {}) => {
  assertValidPattern(pattern);
  if (options.nobrace || !/\{(?:(?!\{).)*\}/.test(pattern)) {
    return [pattern];
  }
  let p = pattern.replace(/\\\\/g, "\\\\\\\\");
  if (options.windowsPathsNoEscape || options[AWE_KEY] === false) {
    p = p.replace(/\[([{}])\]/g, "[\\$1]");
  }
  return expand(p, { max: options.braceExpandMax });
};
minimatch.braceExpand = braceExpand;
var RANGE_MIN = 100;
var rangeRe = /(?<![\\$])\{(-?\d+)\.\.(-?\d+)\}/g;
var inRepeatOrNegExt = (portion, mark) => {
  const stack = [];
  for (let i = 0; i < portion.length; i++) {
    const c = portion.charAt(i);
    if (c === "\\") {
      i++;
    } else if (c === mark) {
      if (stack.some((t) => t !== "@" && t !== "?"))
        return true;
    } else if (portion.charAt(i + 1) === "(" && "!?+*@".includes(c)) {
      stack.push(c);
      i++;
    } else if (c === ")") {
      stack.pop();
    }
  }
  return false;
};
var match = (list, pattern, options = {}) => {
  const mm = new Minimatch(pattern, options);
  list = list.filter((f) => mm.match(f));
  if (mm.options.nonull && !list.length) {
    list.push(pattern);
  }
  return list;
};
minimatch.match = match;
var globMagic = /[?*]|[+@!]\(.*?\)|\[|\]/;
var classEnd = (pattern, start) => {
  let i = start + 1;
  if (pattern.charAt(i) === "!" || pattern.charAt(i) === "^")
    i++;
  let sawStart = false;
  for (; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "]" && sawStart)
      return i;
    sawStart = true;
    if (c === "\\")
      i++;
  }
  return -1;
};
var literal = (pattern, noext) => {
  if (!noext && (pattern === "+()" || pattern === "@()"))
    return pattern;
  let lit2 = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      lit2 += pattern.charAt(++i) || c;
    } else if (c === "*" || c === "?") {
      return void 0;
    } else if (c === "[") {
      const close = classEnd(pattern, i);
      if (close === -1) {
        lit2 += c;
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith("\\"))
        body = body.slice(1);
      if ([...body].length !== 1 || "!^".includes(pattern.charAt(i + 1))) {
        return void 0;
      }
      lit2 += body;
      i = close;
    } else if (!noext && "+@!".includes(c) && pattern.charAt(i + 1) === "(" && pattern.includes(")", i + 2)) {
      return void 0;
    } else {
      lit2 += c;
    }
  }
  return lit2;
};
var MAX_EXTGLOBS = 256;
var extglobCount = (pattern) => {
  let n = 0;
  for (let i = 0; i < pattern.length - 1; i++) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      i++;
    } else if ("+@!?*".includes(c) && pattern.charAt(i + 1) === "(") {
      n++;
      i++;
    }
  }
  return n;
};
var assertValidExtglobs = (pattern) => {
  if (extglobCount(pattern) > MAX_EXTGLOBS) {
    throw new TypeError("pattern has too many extglobs");
  }
};
var extSafe = (pattern) => {
  if (/^[?*+@]\(\)$/.test(pattern) || pattern.includes("[:"))
    return false;
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      if (++i === pattern.length)
        return false;
    } else if (c === "[") {
      const close = classEnd(pattern, i);
      if (close !== -1)
        i = close;
    } else if ("+@!?*".includes(c) && pattern.charAt(i + 1) === "(") {
      depth++;
      i++;
    } else if (c === ")") {
      if (!depth--)
        return false;
    } else if (c === "|" && !depth) {
      return false;
    }
  }
  return !depth;
};
var lastSplit;
var lastChecked;
var portionMatch = (p, f) => typeof p === "string" ? f === p : f !== "" && p.testUnchecked(f);
var endIndex = (p, last, lastStart, prev, prevStart) => portionMatch(p, last) ? lastStart : prev !== void 0 && portionMatch(p, prev) ? prevStart : -1;
var isDots = (p) => p === "." || p === "..";
var isDrive = (p) => typeof p === "string" && /^[a-z]:$/i.test(p);
var isLongUNC = (p) => typeof p === "string" && /^unc$/i.test(p);
var uncHost = (p) => {
  if (p[0] !== "" || p[1] !== "")
    return -1;
  const h = p[2] !== "?" ? 2 : isLongUNC(p[3]) ? 4 : -1;
  const host = p[h];
  const share = p[h + 1];
  return h !== -1 && host !== void 0 && host !== "" && host !== GLOBSTAR && share !== void 0 && share !== "" && share !== GLOBSTAR ? h : -1;
};
var walkable = (p, dot) => !isDots(p) && (dot || !p.startsWith("."));
var dotPortion = (f, start, end, dot, sep2) => {
  for (let k = start; k < end; ) {
    if (f.charCodeAt(k) === 46) {
      if (!dot)
        return true;
      const n = f.charCodeAt(k + 1) === 46 ? k + 2 : k + 1;
      if (n >= end || isSep(f.charCodeAt(n), sep2))
        return true;
    }
    const s = nextSep(f, k, sep2);
    if (s === -1)
      return false;
    k = s + 1;
    while (k < end && isSep(f.charCodeAt(k), sep2))
      k++;
  }
  return false;
};
var isSep = (c, sep2) => sep2 === "/" ? c === 47 : sep2 === "\\" ? c === 92 : c === 47 || c === 92;
var nextSep = (f, from, sep2) => {
  if (sep2 !== "both")
    return f.indexOf(sep2, from);
  const s = f.indexOf("/", from);
  const b = f.indexOf("\\", from);
  return s === -1 ? b : b === -1 ? s : Math.min(s, b);
};
var lastSep = (f, from, sep2) => sep2 !== "both" ? f.lastIndexOf(sep2, from) : Math.max(f.lastIndexOf("/", from), f.lastIndexOf("\\", from));
var PENDING = {};
var Minimatch = class {
  options;
  set;
  pattern;
  windowsPathsNoEscape;
  nonegate;
  negate;
  comment;
  empty;
  preserveMultipleSlashes;
  partial;
  globSet;
  globParts;
  nocase;
  isWindows;
  platform;
  windowsNoMagicRoot;
  maxGlobstarRecursion;
  // the path can be checked against the last portion, and the string
  // portions, of each row before it is split. See #canMatch.
  #endCheck;
  #literalCheck;
  // level 2 resolves `.` and `..` portions in the path
  #level2;
  // the unicode normalization form, if any
  #form;
  // the string portions of each row in the set
  #literals = [];
  // the rows that #canMatch can match without splitting the path
  #shapes = [];
  // the rows whose last portion can be checked against the path's
  #endRows = [];
  // brace expansion can make the same portion in many rows, so they
  // share one Matcher, and the states that it caches
  #matchers = /* @__PURE__ */ new Map();
  // parse() returns PENDING in place of a Matcher
  #pending = false;
  // the char that marks numeric ranges in globSet, if any
  #rangeMark;
  // the GlobstarParts of each pattern row, by start index and partial
  #globstarParts = /* @__PURE__ */ new WeakMap();
  constructor(pattern, options = {}) {
    assertValidPattern(pattern);
    options = options || {};
    this.options = options;
    this.maxGlobstarRecursion = options.maxGlobstarRecursion ?? DEFAULT_GLOB_STAR_RECURSION_MAX;
    this.pattern = pattern;
    this.platform = options.platform || defaultPlatform;
    this.isWindows = this.platform === "win32";
    this.windowsPathsNoEscape = !!options.windowsPathsNoEscape || options[AWE_KEY] === false;
    if (this.windowsPathsNoEscape) {
      this.pattern = this.pattern.replace(/\\/g, "/");
    }
    this.preserveMultipleSlashes = !!options.preserveMultipleSlashes;
    this.negate = false;
    this.nonegate = !!options.nonegate;
    this.comment = false;
    this.empty = false;
    this.partial = !!options.partial;
    this.nocase = !!this.options.nocase;
    this.windowsNoMagicRoot = options.windowsNoMagicRoot !== void 0 ? options.windowsNoMagicRoot : !!(this.isWindows && this.nocase);
    this.globSet = [];
    this.globParts = [];
    this.set = [];
    this.#endCheck = !this.preserveMultipleSlashes;
    this.#level2 = (options.optimizationLevel ?? 1) >= 2;
    const n = options.normalize;
    this.#form = n === true ? "NFC" : n || void 0;
    this.make();
    const drives = this.set.map((row) => this.#rootIndex(row));
    this.#endRows = this.set.map((row, r) => this.#endCheck && row.length - 1 > drives[r]);
    this.#literals = this.set.map((row, r) => {
      const end = this.#endRows[r] ? row.length - 1 : row.length;
      const lits = row.slice(drives[r] + 1, end).filter((p) => typeof p === "string" && !!p);
      return [...new Set(lits)];
    });
    this.#literalCheck = this.#literals.some((l) => l.length);
    this.#shapes = this.set.map((row, r) => {
      const [p0, p1, p2] = row;
      if (this.#endRows[r] && row.length === 2) {
        if (p0 === GLOBSTAR && p1 !== GLOBSTAR)
          return "tail";
      }
      if (this.#endRows[r] && options.matchBase && row.length === 1 && p0 !== GLOBSTAR && p0 !== "") {
        return "base";
      }
      if (!this.#endCheck || drives[r] !== -1)
        return void 0;
      if (row.length === 3 && p0 === GLOBSTAR && p2 === GLOBSTAR && p1 !== GLOBSTAR && p1 !== "" && // the portion between is only matched below this limit
      this.maxGlobstarRecursion > 0) {
        return "mid";
      }
      if (row.length === 2 && p1 === GLOBSTAR && p0 !== GLOBSTAR && p0 !== "") {
        return "head";
      }
      return void 0;
    });
  }
  // a string portion of a pattern, normalized if the option is set
  #norm(p) {
    return this.#form ? p.normalize(this.#form) : p;
  }
  // On Windows, the index of the last root portion of a row, as
  // #matchRow finds it: 0 for `c:/...`, 3 for `//?/c:/...` and
  // `//host/share/...`, and 5 for `//?/UNC/host/share/...`. Otherwise
  // -1.
  #rootIndex(row) {
    if (!this.isWindows)
      return -1;
    if (isDrive(row[0]))
      return 0;
    const uncDrive = row[0] === "" && row[1] === "" && row[2] === "?" && isDrive(row[3]);
    if (uncDrive)
      return 3;
    const h = uncHost(row);
    return h === -1 ? -1 : h + 1;
  }
  hasMagic() {
    if (this.options.magicalBraces && this.set.length > 1) {
      return true;
    }
    for (const pattern of this.set) {
      for (const part of pattern) {
        if (typeof part !== "string")
          return true;
      }
    }
    return false;
  }
  make() {
    const pattern = this.pattern;
    const options = this.options;
    if (!options.nocomment && pattern.charAt(0) === "#") {
      this.comment = true;
      return;
    }
    if (!pattern) {
      this.empty = true;
      return;
    }
    this.parseNegate();
    this.globSet = [...new Set(this.#expandBraces())];
    const rawGlobParts = this.globSet.map((s) => this.#slashSplit(s));
    this.globParts = this.preprocess(rawGlobParts);
    this.#pending = true;
    let set = this.globParts.map((s, _, __) => {
      if (this.isWindows && this.windowsNoMagicRoot) {
        const n = s[2] === "?" && isLongUNC(s[3]) ? 6 : 4;
        const isUNC = s[0] === "" && s[1] === "" && (s[2] === "?" || !globMagic.test(s[2])) && s.slice(3, n).every((p) => !globMagic.test(p));
        const isDrive2 = /^[a-z]:/i.test(s[0]);
        if (isUNC) {
          return [
            ...s.slice(0, n).map((p) => this.#norm(p)),
            ...s.slice(n).map((ss) => this.parse(ss))
          ];
        } else if (isDrive2) {
          return [
            this.#norm(s[0]),
            ...s.slice(1).map((ss) => this.parse(ss))
          ];
        }
      }
      return s.map((ss) => this.parse(ss));
    });
    this.set = set.filter((s) => s.indexOf(false) === -1);
    if (this.isWindows) {
      for (let i = 0; i < this.set.length; i++) {
        const p = this.set[i];
        if (p[0] === "" && p[1] === "" && this.globParts[i][2] === "?" && (isDrive(p[3]) || isLongUNC(this.globParts[i][3]))) {
          if (isLongUNC(this.globParts[i][3]))
            p[3] = "UNC";
          p[2] = "?";
        }
      }
    }
    if (!options.noext)
      this.mergeRows();
    this.#pending = false;
    this.set.forEach((row, i) => {
      for (let k = 0; k < row.length; k++) {
        if (row[k] === PENDING) {
          row[k] = this.parse(this.globParts[i][k]);
        }
      }
    });
  }
  // Merge rows that only differ in one portion, where each of them
  // is a Matcher, into one row that matches any of them with
  // `@(a|b|...)`. Then a path is only walked once for all of them,
  // for example with `**/*.{js,ts}`.
  mergeRows() {
    let merged = true;
    while (merged) {
      merged = false;
      if (this.set.length < 2)
        return;
      let keys = this.#mergeKeys();
      const len = Math.max(0, ...this.set.map((r) => r.length));
      for (let k = 0; k < len; k++) {
        const groups = /* @__PURE__ */ new Map();
        const R = this.set.length + 1;
        this.set.forEach((row, i) => {
          if (!(row[k] instanceof Matcher || row[k] === PENDING) || !extSafe(this.globParts[i][k])) {
            return;
          }
          const { pre, suf } = keys[i];
          const key = pre[k] * R + suf[k + 1];
          const g = groups.get(key);
          if (g)
            g.push(i);
          else
            groups.set(key, [i]);
        });
        const drop = /* @__PURE__ */ new Set();
        for (const g of groups.values()) {
          if (g.length < 2)
            continue;
          const [first, ...rest] = g;
          const alts = g.map((i) => this.globParts[i][k]);
          const glob = `@(${alts.join("|")})`;
          if (extglobCount(glob) > MAX_EXTGLOBS)
            continue;
          this.globParts[first][k] = glob;
          this.set[first][k] = this.parse(glob);
          for (const i of rest)
            drop.add(i);
        }
        if (drop.size) {
          merged = true;
          this.set = this.set.filter((_, i) => !drop.has(i));
          this.globParts = this.globParts.filter((_, i) => !drop.has(i));
          if (this.set.length < 2)
            return;
          keys = this.#mergeKeys();
        }
      }
    }
  }
  // For each row, number ids for its prefixes and suffixes, such that
  // pre[k] identifies parts[0..k) and suf[k] identifies parts[k..n).
  // Two rows are the same other than at portion k exactly when they
  // have the same pre[k] and suf[k + 1]. This is linear in the size of
  // the rows, where joining the whole row for every k was quadratic.
  #mergeKeys() {
    const partIds = /* @__PURE__ */ new Map();
    const ids = this.globParts.map((parts) => parts.map((s) => {
      let id = partIds.get(s);
      if (id === void 0)
        partIds.set(s, id = partIds.size);
      return id;
    }));
    const P = partIds.size;
    const len = Math.max(0, ...ids.map((r) => r.length));
    const keys = ids.map((r) => ({
      pre: [0],
      suf: new Array(r.length + 1).fill(0)
    }));
    for (let k = 0; k < len; k++) {
      const m = /* @__PURE__ */ new Map();
      ids.forEach((r, i) => {
        if (k >= r.length)
          return;
        const { pre } = keys[i];
        const key = pre[k] * P + r[k];
        let id = m.get(key);
        if (id === void 0)
          m.set(key, id = m.size + 1);
        pre.push(id);
      });
    }
    for (let k = len - 1; k >= 0; k--) {
      const m = /* @__PURE__ */ new Map();
      ids.forEach((r, i) => {
        if (k >= r.length)
          return;
        const { suf } = keys[i];
        const key = suf[k + 1] * P + r[k];
        let id = m.get(key);
        if (id === void 0)
          m.set(key, id = m.size + 1);
        suf[k] = id;
      });
    }
    return keys;
  }
  // various transforms to equivalent pattern sets that are
  // faster to process in a filesystem walk.  The goal is to
  // eliminate what we can, and push all ** patterns as far
  // to the right as possible, even if it increases the number
  // of patterns that we have to process.
  preprocess(globParts) {
    if (this.options.noglobstar) {
      for (const partset of globParts) {
        for (let j = 0; j < partset.length; j++) {
          if (partset[j] === "**") {
            partset[j] = "*";
          }
        }
      }
    }
    const { optimizationLevel = 1 } = this.options;
    if (optimizationLevel >= 2) {
      globParts = this.firstPhasePreProcess(globParts);
      globParts = this.secondPhasePreProcess(globParts);
    } else if (optimizationLevel >= 1) {
      globParts = this.levelOneOptimize(globParts);
    } else {
      globParts = this.adjascentGlobstarOptimize(globParts);
    }
    return globParts;
  }
  // just get rid of adjascent ** portions
  adjascentGlobstarOptimize(globParts) {
    return globParts.map((parts) => {
      let gs = -1;
      while (-1 !== (gs = parts.indexOf("**", gs + 1))) {
        let i = gs;
        while (parts[i + 1] === "**") {
          i++;
        }
        if (i !== gs) {
          parts.splice(gs, i - gs);
        }
      }
      return parts;
    });
  }
  // get rid of adjascent ** and resolve .. portions
  levelOneOptimize(globParts) {
    return globParts.map((parts) => {
      const root = this.#rootIndex(parts) + 1;
      parts = parts.reduce((set, part) => {
        const prev = set[set.length - 1];
        if (part === "**" && prev === "**") {
          return set;
        }
        if (part === "..") {
          if (set.length > root && prev && prev !== ".." && prev !== "." && prev !== "**") {
            set.pop();
            return set;
          }
        }
        set.push(part);
        return set;
      }, []);
      return parts.length === 0 ? [""] : parts;
    });
  }
  // Check the path against each row before it is split. 'no' if no
  // row can match, so it does not need to be split. 'yes' if a row of
  // `**` and one more portion matches. 'maybe' if it must be split to
  // know. None of this applies with partial, where the path can end
  // before the row does.
  //
  // On Windows, `\` is a separator in the path too, and the portions of
  // a row up to its drive letter or UNC share are not checked (see
  // #rootIndex).
  //
  // Each string portion of a row must be a portion of the path, so the
  // path must contain it. Level 2 can only take portions out of the
  // path, so this is still true then.
  //
  // The last portion of a row must match the last portion of the path,
  // or the one before a trailing `/` (as a/* and a/**/* match a/b/).
  // This does not apply to rows that end in **, rows that end in a
  // root, or preserveMultipleSlashes (which can leave more
  // than one '' at the end). At level 2, it does not apply if that
  // portion is `.` or `..`, which can be
  // resolved away. Level 2 only takes other portions out of the
  // middle of the path.
  //
  // A row of `**/x` then matches if the ** can walk the portions
  // before the one that x matches, the same as #matchGlobstar. At
  // level 2, this is only known if none of them are `.` or `..`, so
  // that the path does not change when it is resolved.
  #canMatch(f) {
    const sep2 = !this.isWindows || !f.includes("\\") ? "/" : f.includes("/") ? "both" : "\\";
    let ends = this.#endCheck ? 0 : -1;
    let last = "";
    let lastStart = 0;
    let prev;
    let prevStart = 0;
    const dot = !!this.options.dot;
    ROWS: for (let r = 0; r < this.set.length; r++) {
      const row = this.set[r];
      const p = row[row.length - 1];
      let end = ends !== -1 && this.#endRows[r] && p !== GLOBSTAR;
      if (end && ends === 0) {
        const i = lastSep(f, f.length, sep2);
        lastStart = i + 1;
        last = f.slice(lastStart);
        if (last === "" && i >= 0) {
          let j = i;
          while (j > 0 && isSep(f.charCodeAt(j - 1), sep2))
            j--;
          prevStart = j === 0 ? 0 : lastSep(f, j - 1, sep2) + 1;
          prev = f.slice(prevStart, j);
        }
        const resolves = this.#level2 && (isDots(last) || last === "" && prev !== void 0 && isDots(prev));
        ends = resolves ? -1 : 1;
        end = !resolves;
      }
      let tailStart = -1;
      if (end && typeof p === "string") {
        tailStart = endIndex(p, last, lastStart, prev, prevStart);
        if (tailStart === -1)
          continue;
      }
      if (this.#literalCheck) {
        for (const l of this.#literals[r]) {
          if (!f.includes(l))
            continue ROWS;
        }
      }
      if (end && typeof p === "object") {
        tailStart = endIndex(p, last, lastStart, prev, prevStart);
        if (tailStart === -1)
          continue;
      }
      const shape = this.#shapes[r];
      if (shape === "base" && end)
        return "yes";
      if (shape === "tail" && end) {
        if (this.#level2 && dotPortion(f, 0, tailStart, true, sep2)) {
          return "maybe";
        }
        if (!dotPortion(f, 0, tailStart, dot, sep2))
          return "yes";
        continue;
      }
      if (shape === "mid" || shape === "head") {
        const m = this.#walk(f, row, shape === "head", dot, sep2);
        if (m !== "no")
          return m;
        continue;
      }
      return "maybe";
    }
    return "no";
  }
  // Match a row of a known shape against the split path, the same as
  // #matchGlobstar and #matchGlobStarBodySections do. None of these
  // rows have a drive letter, so they start at the first portion.
  #matchShape(file, row, shape) {
    const dot = !!this.options.dot;
    const n = file.length;
    if (shape === "head") {
      if (n < 2 || !portionMatch(row[0], file[0])) {
        return false;
      }
      for (let i = 1; i < n; i++)
        if (!walkable(file[i], dot))
          return false;
      return true;
    }
    const x = row[1];
    if (shape === "tail") {
      let t = n - 1;
      if (!portionMatch(x, file[t])) {
        if (file[t] !== "" || n === 1 || !portionMatch(x, file[--t])) {
          return false;
        }
      }
      for (let i = 0; i < t; i++)
        if (!walkable(file[i], dot))
          return false;
      return true;
    }
    for (let k = 0; k < n; k++) {
      if (portionMatch(x, file[k]) && k + 1 < n) {
        let i = k + 1;
        while (i < n && walkable(file[i], dot))
          i++;
        if (i === n)
          return true;
      }
      if (!walkable(file[k], dot))
        return false;
    }
    return false;
  }
  // Match a row of `**/x/**` or `x/**` against the path, the same as
  // #matchGlobstar and #matchGlobStarBodySections do once it is split.
  // x must match a portion (the first one, for `x/**`), the ** before
  // it must be able to walk the portions before that one, and there
  // must be a portion after it, which the ** after it can walk. At
  // level 2, this is only known if no portion is `.` or `..`.
  #walk(f, row, head, dot, sep2) {
    if (this.#level2 && dotPortion(f, 0, f.length, true, sep2))
      return "maybe";
    const x = row[head ? 0 : 1];
    let s = 0;
    for (let e = nextSep(f, s, sep2); e !== -1; e = nextSep(f, s, sep2)) {
      let next = e + 1;
      while (next < f.length && isSep(f.charCodeAt(next), sep2))
        next++;
      const hit = typeof x === "string" ? e - s === x.length && f.startsWith(x, s) : e > s && x.testUnchecked(f.slice(s, e));
      if (hit && !dotPortion(f, next, f.length, dot, sep2))
        return "yes";
      if (head || dotPortion(f, s, next, dot, sep2))
        return "no";
      s = next;
    }
    return "no";
  }
  // the last split, if it was the same path with the same split
  // settings
  #cachedSplit(f) {
    const last = lastSplit;
    return last?.f === f && last.isWindows === this.isWindows && last.preserveMultipleSlashes === this.preserveMultipleSlashes && last.normalize === this.#form ? last : void 0;
  }
  // split a path for match(), and keep the parts for the next call
  #split(f) {
    const { isWindows, preserveMultipleSlashes } = this;
    let parts = this.#slashSplit(isWindows ? f.split("\\").join("/") : f);
    const normalize2 = this.#form;
    if (normalize2)
      parts = parts.map((p) => p.normalize(normalize2));
    lastSplit = {
      f,
      isWindows,
      preserveMultipleSlashes,
      normalize: normalize2,
      parts
    };
    return lastSplit;
  }
  // resolve `.` and `..` portions of a path, for level 2
  #levelTwoFileOptimize(file) {
    const parts = [...file];
    let didSomething = false;
    do {
      didSomething = false;
      if (!this.preserveMultipleSlashes) {
        for (let i = 1; i < parts.length - 1; i++) {
          const p = parts[i];
          if (i === 1 && p === "" && parts[0] === "")
            continue;
          if (p === "." || p === "") {
            didSomething = true;
            parts.splice(i, 1);
            i--;
          }
        }
        if (parts[0] === "." && parts.length === 2 && (parts[1] === "." || parts[1] === "")) {
          didSomething = true;
          parts.pop();
        }
      }
      const root = this.#rootIndex(parts) + 1;
      let dd = root;
      while (-1 !== (dd = parts.indexOf("..", dd + 1))) {
        const p = parts[dd - 1];
        if (p && p !== "." && p !== ".." && p !== "**") {
          didSomething = true;
          parts.splice(dd - 1, 2);
          dd = Math.max(dd - 2, root);
        }
      }
    } while (didSomething);
    return parts.length === 0 ? [""] : parts;
  }
  // First phase: single-pattern processing
  // <pre> is 1 or more portions
  // <rest> is 1 or more portions
  // <p> is any portion other than ., .., '', or **
  // <e> is . or ''
  //
  // **/.. is *brutal* for filesystem walking performance, because
  // it effectively resets the recursive walk each time it occurs,
  // and ** cannot be reduced out by a .. pattern part like a regexp
  // or most strings (other than .., ., and '') can be.
  //
  // <pre>/**/../<p>/<p>/<rest> -> {<pre>/../<p>/<p>/<rest>,<pre>/**/<p>/<p>/<rest>}
  // <pre>/<e>/<rest> -> <pre>/<rest>
  // <pre>/<p>/../<rest> -> <pre>/<rest>
  // **/**/<rest> -> **/<rest>
  //
  // **/*/<rest> -> */**/<rest> <== not valid because ** doesn't follow
  // this WOULD be allowed if ** did follow symlinks, or * didn't
  firstPhasePreProcess(globParts) {
    const { braceExpandMax = DEFAULT_BRACE_EXPAND_MAX } = this.options;
    let splitCells = 0;
    const maxSplitCells = 1e6;
    let didSomething = false;
    do {
      didSomething = false;
      for (let parts of globParts) {
        let gs = -1;
        while (-1 !== (gs = parts.indexOf("**", gs + 1))) {
          let gss = gs;
          while (parts[gss + 1] === "**") {
            gss++;
          }
          if (gss > gs) {
            parts.splice(gs + 1, gss - gs);
          }
          let next = parts[gs + 1];
          const p = parts[gs + 2];
          const p2 = parts[gs + 3];
          if (next !== "..")
            continue;
          if (!p || p === "." || p === ".." || !p2 || p2 === "." || p2 === "..") {
            continue;
          }
          const addedCells = parts.length - 1;
          if (globParts.length >= braceExpandMax || splitCells + addedCells > maxSplitCells) {
            throw new RangeError(`optimizationLevel 2: too many patterns from '**/..'`);
          }
          didSomething = true;
          parts.splice(gs, 1);
          const other = parts.slice(0);
          other[gs] = "**";
          splitCells += addedCells;
          globParts.push(other);
          gs--;
        }
        if (!this.preserveMultipleSlashes) {
          for (let i = 1; i < parts.length - 1; i++) {
            const p = parts[i];
            if (i === 1 && p === "" && parts[0] === "")
              continue;
            if (p === "." || p === "") {
              didSomething = true;
              parts.splice(i, 1);
              i--;
            }
          }
          if (parts[0] === "." && parts.length === 2 && (parts[1] === "." || parts[1] === "")) {
            didSomething = true;
            parts.pop();
          }
        }
        const root = this.#rootIndex(parts) + 1;
        let dd = root;
        while (-1 !== (dd = parts.indexOf("..", dd + 1))) {
          const p = parts[dd - 1];
          if (p && p !== "." && p !== ".." && p !== "**") {
            didSomething = true;
            const needDot = dd === 1 && parts[dd + 1] === "**";
            const splin = needDot ? ["."] : [];
            parts.splice(dd - 1, 2, ...splin);
            if (parts.length === 0)
              parts.push("");
            dd = Math.max(dd - 2, root);
          }
        }
      }
    } while (didSomething);
    return globParts;
  }
  // second phase: multi-pattern dedupes
  // {<pre>/<rest>,<pre>/<rest>} -> <pre>/<rest>
  // {<pre>/*/<rest>,<pre>/<p>/<rest>} -> <pre>/*/<rest>
  secondPhasePreProcess(globParts) {
    const keys = /* @__PURE__ */ new Set();
    const rows = globParts.filter((parts) => {
      const key = parts.join("/");
      if (keys.has(key))
        return false;
      keys.add(key);
      return true;
    });
    const stars = /* @__PURE__ */ new Map();
    for (const parts of rows) {
      const s = [];
      for (let i = 0; i < parts.length; i++) {
        if (parts[i] === "*")
          s.push(i);
      }
      if (s.length)
        stars.set(s.join(","), s);
    }
    if (!stars.size || rows.length * stars.size > 1e5)
      return rows;
    const { dot } = this.options;
    return rows.filter((parts) => {
      for (const s of stars.values()) {
        if (s[s.length - 1] >= parts.length)
          continue;
        const c = [...parts];
        let ok = true;
        let changed = false;
        for (const i of s) {
          const p = parts[i];
          if (p === "*")
            continue;
          if (!p || p === "**" || !dot && p.startsWith(".")) {
            ok = false;
            break;
          }
          c[i] = "*";
          changed = true;
        }
        if (ok && changed && keys.has(c.join("/")))
          return false;
      }
      return true;
    });
  }
  parseNegate() {
    if (this.nonegate)
      return;
    const pattern = this.pattern;
    let negate = false;
    let negateOffset = 0;
    for (let i = 0; i < pattern.length && pattern.charAt(i) === "!"; i++) {
      negate = !negate;
      negateOffset++;
    }
    if (negateOffset)
      this.pattern = pattern.slice(negateOffset);
    this.negate = negate;
  }
  // Match the parts of a path against one row of the set. `resolved`
  // is the parts after level 2 resolves `.` and `..` in them, or the
  // same parts below level 2. Set partial to true to test if, for
  // example, "/a/b" matches the start of "/*/b/*/d". Partial means, if
  // you run out of file before you run out of pattern, then that's
  // fine, as long as all the parts match.
  #matchRow(file, resolved, pattern, partial) {
    let fileStartIndex = 0;
    let patternStartIndex = 0;
    const fh = this.isWindows ? uncHost(resolved) : -1;
    const ph = fh === -1 ? -1 : uncHost(pattern);
    if (ph !== -1) {
      const host = pattern[ph];
      const share = pattern[ph + 1];
      if (typeof host !== "string" || typeof share !== "string") {
        fileStartIndex = fh;
        patternStartIndex = ph;
      } else if (resolved[fh].toLowerCase() === host.toLowerCase() && resolved[fh + 1].toLowerCase() === share.toLowerCase()) {
        fileStartIndex = fh + 2;
        patternStartIndex = ph + 2;
      }
    } else if (this.isWindows) {
      const fileDrive = typeof file[0] === "string" && /^[a-z]:$/i.test(file[0]);
      const fileUNC = !fileDrive && file[0] === "" && file[1] === "" && file[2] === "?" && /^[a-z]:$/i.test(file[3]);
      const patternDrive = typeof pattern[0] === "string" && /^[a-z]:$/i.test(pattern[0]);
      const patternUNC = !patternDrive && pattern[0] === "" && pattern[1] === "" && pattern[2] === "?" && typeof pattern[3] === "string" && /^[a-z]:$/i.test(pattern[3]);
      const fdi = fileUNC ? 3 : fileDrive ? 0 : void 0;
      const pdi = patternUNC ? 3 : patternDrive ? 0 : void 0;
      if (typeof fdi === "number" && typeof pdi === "number") {
        const [fd, pd] = [
          file[fdi],
          pattern[pdi]
        ];
        if (fd.toLowerCase() === pd.toLowerCase()) {
          patternStartIndex = pdi + 1;
          fileStartIndex = fdi + 1;
        }
      }
    }
    file = resolved;
    if (pattern.includes(GLOBSTAR)) {
      return this.#matchGlobstar(file, pattern, partial, fileStartIndex, patternStartIndex);
    }
    return this.#matchOne(file, pattern, partial, fileStartIndex, patternStartIndex);
  }
  #matchGlobstar(file, pattern, partial, fileIndex, patternIndex) {
    const { head, body, tail, segments } = this.#getGlobstarParts(pattern, partial, patternIndex);
    if (head.length) {
      const headEnd = fileIndex + head.length;
      if (!this.#matchOne(file, head, partial, fileIndex, 0, headEnd)) {
        return false;
      }
      fileIndex += head.length;
      patternIndex += head.length;
    }
    let fileTailMatch = 0;
    if (tail.length) {
      if (tail.length + fileIndex > file.length)
        return false;
      let tailStart = file.length - tail.length;
      if (this.#matchOne(file, tail, partial, tailStart, 0)) {
        fileTailMatch = tail.length;
      } else {
        if (file[file.length - 1] !== "" || fileIndex + tail.length === file.length) {
          return false;
        }
        tailStart--;
        if (!this.#matchOne(file, tail, partial, tailStart, 0)) {
          return false;
        }
        fileTailMatch = tail.length + 1;
      }
    }
    if (!body.length) {
      let sawSome = !!fileTailMatch;
      for (let i = fileIndex; i < file.length - fileTailMatch; i++) {
        const f = String(file[i]);
        sawSome = true;
        if (f === "." || f === ".." || !this.options.dot && f.startsWith(".")) {
          return false;
        }
      }
      return partial || sawSome;
    }
    return !!this.#matchGlobStarBodySections(file, segments, file.length - fileTailMatch, fileIndex, 0, partial, 0, !!fileTailMatch, /* @__PURE__ */ new Set());
  }
  // Split the pattern into head, tail, and middle of ** delimited
  // parts. The tail has to be at the end, and the others just have to
  // be found in order from the head. These only depend on the pattern
  // row, so they are kept for the next path.
  #getGlobstarParts(pattern, partial, patternIndex) {
    let byStart = this.#globstarParts.get(pattern);
    if (!byStart) {
      byStart = [];
      this.#globstarParts.set(pattern, byStart);
    }
    const key = patternIndex * 2 + (partial ? 1 : 0);
    const found = byStart[key];
    if (found)
      return found;
    const firstgs = pattern.indexOf(GLOBSTAR, patternIndex);
    const lastgs = pattern.lastIndexOf(GLOBSTAR);
    const head = pattern.slice(patternIndex, firstgs);
    const body = pattern.slice(firstgs + 1, partial ? void 0 : lastgs);
    const tail = partial ? [] : pattern.slice(lastgs + 1);
    const segments = [[[], 0]];
    let current = segments[0];
    let nonGsParts = 0;
    const nonGsPartsSums = [0];
    for (const b of body) {
      if (b === GLOBSTAR) {
        nonGsPartsSums.push(nonGsParts);
        current = [[], 0];
        segments.push(current);
      } else {
        current[0].push(b);
        nonGsParts++;
      }
    }
    segments.forEach((b, i) => {
      b[1] = nonGsParts - nonGsPartsSums[i];
    });
    const parts = { head, body, tail, segments };
    byStart[key] = parts;
    return parts;
  }
  // return false for "nope, not matching"
  // return null for "not matching, cannot keep trying"
  #matchGlobStarBodySections(file, bodySegments, fileLength, fileIndex, bodyIndex, partial, globStarDepth, sawTail, tried) {
    const bs = bodySegments[bodyIndex];
    if (!bs) {
      if (partial) {
        return fileIndex >= fileLength || fileIndex === fileLength - 1 && file[fileIndex] === "";
      }
      for (let i = fileIndex; i < fileLength; i++) {
        sawTail = true;
        const f = file[i];
        if (f === "." || f === ".." || !this.options.dot && f.startsWith(".")) {
          return false;
        }
      }
      return sawTail;
    }
    const [body, need] = bs;
    const after = partial ? fileLength : fileLength - need;
    while (fileIndex <= after) {
      const key = bodyIndex * (file.length + 1) + fileIndex;
      if (tried.has(key))
        return false;
      tried.add(key);
      const m = this.#matchOne(file, body, partial, fileIndex, 0, fileIndex + body.length);
      if (m && globStarDepth < this.maxGlobstarRecursion) {
        const sub = this.#matchGlobStarBodySections(file, bodySegments, fileLength, fileIndex + body.length, bodyIndex + 1, partial, globStarDepth + 1, sawTail, tried);
        if (sub !== false) {
          return sub;
        }
      }
      if (fileIndex === after)
        break;
      const f = file[fileIndex];
      if (f === "." || f === ".." || !this.options.dot && f.startsWith(".")) {
        return false;
      }
      fileIndex++;
    }
    return partial || null;
  }
  #matchOne(file, pattern, partial, fileIndex, patternIndex, fileEnd = file.length) {
    let fi;
    let pi;
    let pl;
    let fl;
    for (fi = fileIndex, pi = patternIndex, fl = Math.min(fileEnd, file.length), pl = pattern.length; fi < fl && pi < pl; fi++, pi++) {
      let p = pattern[pi];
      let f = file[fi];
      if (p === false || p === GLOBSTAR) {
        return false;
      }
      if (!portionMatch(p, f))
        return false;
    }
    if (fi === fl && pi === pl) {
      return true;
    } else if (fi === fl) {
      return partial;
    } else if (pi === pl) {
      return fi === fl - 1 && file[fi] === "";
    } else {
      throw new Error("wtf?");
    }
  }
  braceExpand() {
    return braceExpand(this.pattern, this.options);
  }
  // Expand braces, except numeric ranges such as {0..999} with at
  // least RANGE_MIN values. Each of those stays in its pattern as
  // `<mark>0..999<mark>`, for the Matcher to test. If a range might
  // be inside a [...] class, expand all of them instead.
  #expandBraces() {
    const { pattern } = this;
    if (this.options.nobrace)
      return this.braceExpand();
    let code = 57344;
    while (pattern.includes(String.fromCharCode(code))) {
      if (++code > 63743)
        return this.braceExpand();
    }
    const mark = String.fromCharCode(code);
    let found = false;
    const marked = pattern.replace(rangeRe, (m, lo, hi) => {
      const a = Number(lo);
      const b = Number(hi);
      if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || Math.abs(a - b) + 1 < RANGE_MIN) {
        return m;
      }
      found = true;
      return `${mark}${lo}..${hi}${mark}`;
    });
    if (!found)
      return this.braceExpand();
    const set = braceExpand(marked, this.options);
    for (const p of set) {
      for (const portion of p.split("/")) {
        const c = portion.indexOf("[");
        if (c !== -1 && c < portion.lastIndexOf(mark)) {
          return this.braceExpand();
        }
        if (!this.options.noext && inRepeatOrNegExt(portion, mark)) {
          return this.braceExpand();
        }
      }
    }
    this.#rangeMark = mark;
    return set;
  }
  parse(pattern) {
    assertValidPattern(pattern);
    const options = this.options;
    if (pattern === "**")
      return GLOBSTAR;
    if (pattern === "")
      return "";
    const { nocase, nocaseMagicOnly, noext = false, dot, normalize: normalize2 } = options;
    const rangeMark = this.#rangeMark;
    const lit2 = rangeMark && pattern.includes(rangeMark) ? void 0 : literal(pattern, noext);
    if (lit2 !== void 0 && !(nocase && !nocaseMagicOnly && pattern.toUpperCase() !== pattern.toLowerCase())) {
      return this.#norm(lit2);
    }
    if (this.#pending)
      return PENDING;
    let m = this.#matchers.get(pattern);
    if (!m) {
      if (!noext)
        assertValidExtglobs(pattern);
      m = new Matcher(pattern, {
        nocase,
        noext,
        dot,
        normalize: normalize2,
        ...rangeMark && { rangeMark }
      });
      this.#matchers.set(pattern, m);
    }
    return m;
  }
  #slashSplit(p) {
    if (this.preserveMultipleSlashes) {
      return p.split("/");
    } else if (this.isWindows && /^\/\/[^/]+/.test(p)) {
      return ["", ...p.split(/\/+/)];
    } else {
      return p.split(/\/+/);
    }
  }
  match(f, partial = this.partial) {
    if (this.comment) {
      return false;
    }
    if (this.empty) {
      return f === "";
    }
    if (f === "/" && partial) {
      return true;
    }
    const options = this.options;
    let split = this.#cachedSplit(f);
    if (!split) {
      if (!partial && !this.#form && (this.#endCheck || this.#literalCheck) && lastChecked !== f) {
        lastChecked = f;
        const can = this.#canMatch(f);
        if (can === "no")
          return options.flipNegate ? false : this.negate;
        if (can === "yes")
          return options.flipNegate ? true : !this.negate;
      }
      split = this.#split(f);
    }
    const ff = split.parts;
    const resolved = this.#level2 ? split.resolved ??= this.#levelTwoFileOptimize(ff) : ff;
    const set = this.set;
    let filename = ff[ff.length - 1];
    if (!filename) {
      for (let i = ff.length - 2; !filename && i >= 0; i--) {
        filename = ff[i];
      }
    }
    for (let r = 0; r < set.length; r++) {
      const pattern = set[r];
      const shape = partial ? void 0 : this.#shapes[r];
      const hit = shape === "base" ? portionMatch(pattern[0], filename) : shape ? this.#matchShape(resolved, pattern, shape) : options.matchBase && pattern.length === 1 ? this.#matchRow([filename], [filename], pattern, partial) : this.#matchRow(ff, resolved, pattern, partial);
      if (hit) {
        if (options.flipNegate) {
          return true;
        }
        return !this.negate;
      }
    }
    if (options.flipNegate) {
      return false;
    }
    return this.negate;
  }
  static defaults(def) {
    return minimatch.defaults(def).Minimatch;
  }
};
minimatch.Minimatch = Minimatch;
minimatch.escape = escape;
minimatch.unescape = unescape;

// src/drift/drift-rules.ts
var RulesFormatError = class extends Error {
  name = "RulesFormatError";
};
var ENTRY_TYPES3 = /* @__PURE__ */ new Set(["file", "dir", "symlink", "hardlink", "char", "block", "fifo", "socket"]);
function words(line) {
  const out = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch === " " || ch === "	") {
      i++;
      continue;
    }
    if (ch === "#") break;
    if (ch === '"') {
      let j2 = i + 1;
      while (j2 < line.length && line[j2] !== '"') j2 += line[j2] === "\\" ? 2 : 1;
      if (j2 >= line.length) return 'unterminated "';
      try {
        out.push(JSON.parse(line.slice(i, j2 + 1)));
      } catch {
        return `bad string ${line.slice(i, j2 + 1)}`;
      }
      i = j2 + 1;
      continue;
    }
    let j = i;
    while (j < line.length && line[j] !== " " && line[j] !== "	") j++;
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}
function applyLine(rules, line, origin) {
  const parts = words(line);
  if (typeof parts === "string") return parts;
  if (parts.length === 0) return rules;
  const [verb, glob, ...what] = parts;
  if (verb !== "ignore" && verb !== "drop" && verb !== "accept") return `unknown rule "${verb}" (expected ignore, drop or accept)`;
  if (glob === void 0) return `${verb} needs a ${verb === "accept" ? "PATH" : "GLOB"}`;
  if (verb === "accept") {
    if (normalisePath(glob) !== glob) return `PATH ${glob} must be absolute and normalised (/etc/passwd)`;
    const pin = parsePin(glob, what);
    if (typeof pin === "string") return pin;
    return [...rules, { glob, origin, pin }];
  }
  if (!glob.startsWith("/") && !glob.startsWith("**")) return `GLOB ${glob} must be absolute (start with / or **)`;
  if (verb === "drop") {
    if (what.length > 0) return "drop takes only a GLOB";
    return rules.filter((rule2) => rule2.glob !== glob);
  }
  const rule = { glob, origin };
  for (const word of what) {
    if (word.startsWith("type=")) {
      const types = word.slice(5).split(",");
      const bad = types.find((t) => !ENTRY_TYPES3.has(t));
      if (bad !== void 0) return `type ${bad} is not one of ${[...ENTRY_TYPES3].join(", ")}`;
      rule.types = types;
    } else if (word === "added" || word === "removed") {
      (rule.kinds ??= []).push(word);
    } else if (ASPECTS.includes(word)) {
      (rule.aspects ??= []).push(word);
    } else {
      return `"${word}" is neither added, removed, type=\u2026 nor an aspect (${ASPECTS.join(", ")})`;
    }
  }
  return [...rules, rule];
}
function applyRulesText(rules, text3, name) {
  let current = [...rules];
  const lines = text3.split("\n");
  const old = lines.findIndex((line) => line.replace(/\r$/, "") === OLD_ACCEPT_HEADER);
  if (old >= 0) {
    throw new RulesFormatError(
      `${name}:${old + 1}: an accept file of an older repro-check: its rules accept any later value of the aspects they name (a second uid-0 user, a new host key); write it again with drift --accept, which pins the accepted values, and review it`
    );
  }
  lines.forEach((raw, index) => {
    const result = applyLine(current, raw.replace(/\r$/, ""), `${name}:${index + 1}`);
    if (typeof result === "string") throw new RulesFormatError(`${name}:${index + 1}: ${result}`);
    current = result;
  });
  return current;
}
var OLD_ACCEPT_HEADER = "# Written by repro-check drift --accept; review, then pass it with --rules.";
function formatRule(rule) {
  if (rule.pin) return ["accept", ruleWord(rule.glob), ...pinWords(rule.pin.absent === true ? void 0 : rule.pin.entry)].join(" ");
  const glob = /[\s"#]/.test(rule.glob) ? JSON.stringify(rule.glob) : rule.glob;
  const parts = ["ignore", glob, ...rule.kinds ?? [], ...rule.aspects ?? []];
  if (rule.types) parts.push("type=" + rule.types.join(","));
  return parts.join(" ");
}
function literalDir(glob) {
  const magic = glob.search(/[*?[{(!+@\\]/);
  const literal2 = magic < 0 ? glob : glob.slice(0, magic);
  return literal2.slice(0, literal2.lastIndexOf("/") + 1);
}
function literalName(glob) {
  const parts = glob.split("/");
  const name = parts[parts.length - 1];
  if (/[*?[\]{}()!+@\\]/.test(name)) return void 0;
  if (parts.some((part, i) => part === "" && i > 0 || part === "." || part === "..")) return void 0;
  return name;
}
function compileRule(rule) {
  const matcher = new Minimatch(rule.glob, { dot: true });
  const prefix2 = literalDir(rule.glob);
  const name = literalName(rule.glob);
  const inPrefix = (p) => prefix2 === "" || p.startsWith(prefix2) || p.length === prefix2.length - 1 && prefix2.startsWith(p);
  const hasName = (p) => name === void 0 || p.endsWith(name) && (p.length === name.length || p.charCodeAt(p.length - name.length - 1) === 47);
  const matchesItself = (p) => inPrefix(p) && hasName(p) && matcher.match(p);
  const rootInPrefix = inPrefix("/");
  const whole = rule.kinds === void 0 && rule.aspects === void 0;
  const compiled = {
    name: `${rule.origin}: ${formatRule(rule)}`,
    matches: whole ? (path2) => {
      if (!rootInPrefix && !inPrefix(path2)) return false;
      for (let p = path2; ; p = parentPath(p)) {
        if (matchesItself(p)) return true;
        if (p === "/") return false;
      }
    } : matchesItself
  };
  if (rule.kinds) compiled.kinds = new Set(rule.kinds);
  if (rule.aspects) compiled.aspects = new Set(rule.aspects);
  if (rule.types) compiled.types = new Set(rule.types);
  return compiled;
}

// src/drift/identity-files.ts
var IDENTITY_FILES = [
  { glob: "/etc/machine-id", what: "systemd machine ID", notable: true },
  { glob: "/var/lib/dbus/machine-id", what: "D-Bus machine ID", notable: true },
  { glob: "/etc/ssh/ssh_host_*", what: "SSH host key", notable: true },
  { glob: "/etc/hostname", what: "host name" },
  { glob: "/var/lib/systemd/random-seed", what: "random seed" },
  { glob: "/var/lib/urandom/random-seed", what: "random seed" },
  { glob: "/var/lib/random-seed", what: "random seed" },
  { glob: "/var/lib/cloud/data/instance-id", what: "cloud-init instance ID" },
  { glob: "/var/lib/cloud/instances/*/obj.pkl", what: "cloud-init instance data" },
  { glob: "/etc/udev/rules.d/70-persistent-net.rules", what: "persistent network names (MAC addresses)" },
  { glob: "/etc/NetworkManager/system-connections/*", what: "NetworkManager connection (MAC address, UUID)" }
];
var HOSTNAME_FILES = [
  { path: "/etc/hosts", what: "hosts file" },
  { path: "/etc/mailname", what: "mail name" },
  { path: "/etc/exim4/update-exim4.conf.conf", what: "Exim configuration" },
  { path: "/etc/postfix/main.cf", what: "Postfix configuration" },
  { path: "/etc/salt/minion_id", what: "Salt minion ID" },
  { path: "/var/lib/cloud/data/set-hostname", what: "cloud-init host name" },
  { path: "/var/lib/cloud/data/previous-hostname", what: "cloud-init previous host name" }
];
var HOSTNAME_FILE = new Map(HOSTNAME_FILES.map((f) => [f.path, f.what]));
function cloneKeeps(path2) {
  return HOSTNAME_FILE.has(path2) || identityOf(path2) !== void 0;
}
var matchers = IDENTITY_FILES.map((identity) => ({
  ...identity,
  matcher: new Minimatch(identity.glob, { dot: true }),
  prefix: identity.glob.slice(0, identity.glob.lastIndexOf("/", identity.glob.search(/[*?[]|$/)) + 1)
}));
function identityOf(path2) {
  for (const m of matchers) {
    if (path2.startsWith(m.prefix) && m.matcher.match(path2)) return { what: m.what, notable: m.notable === true };
  }
  return void 0;
}
function cloneHazards(baseline, snapshot) {
  const hazards = [];
  for (const [path2, entry] of snapshot) {
    if (entry.type !== "file") continue;
    const identity = identityOf(path2);
    if (!identity) continue;
    const base = baseline.get(path2);
    if (!base || base.type !== "file") continue;
    const verdict = compareContent(base, entry);
    if (verdict === "different") continue;
    const verified = verdict === "same";
    hazards.push({
      path: path2,
      what: identity.what,
      verified,
      message: verified ? `${identity.what} is identical to the baseline's: clones of one machine must each have their own` : `${identity.what} could not be compared (no digest in common); if it is the baseline's, clones collide`
    });
  }
  return hazards.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
function hostnameIn(text3) {
  const word = text3.trim().split(/\s+/)[0];
  return word ? word.toLowerCase() : void 0;
}
function names(text3, name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9-])${escaped}($|[^A-Za-z0-9-])`, "i").test(text3);
}
function hostnameHazards(baseline, snapshot, texts) {
  const hazards = [];
  if (texts !== void 0) {
    const old = texts.baseline === void 0 ? void 0 : hostnameIn(texts.baseline);
    const now = texts.snapshot === void 0 ? void 0 : hostnameIn(texts.snapshot);
    if (old === void 0 || now === void 0) return { changed: void 0, hazards };
    if (old === now) return { changed: false, hazards };
    for (const [path2, text3] of [...texts.files].sort((a, b) => a[0] < b[0] ? -1 : 1)) {
      if (!names(text3, old)) continue;
      const what = HOSTNAME_FILE.get(path2) ?? "host-name file";
      hazards.push({ path: path2, what, verified: true, message: `${what} still names the template's host name "${old}" (this clone is "${now}")` });
    }
    return { changed: true, hazards };
  }
  const base = baseline.get("/etc/hostname");
  const snap = snapshot.get("/etc/hostname");
  const verdict = base?.type === "file" && snap?.type === "file" ? compareContent(base, snap) : void 0;
  const changed = verdict === "different" ? true : verdict === "same" ? false : void 0;
  for (const { path: path2, what } of HOSTNAME_FILES) {
    const entry = snapshot.get(path2);
    const old = baseline.get(path2);
    if (entry?.type !== "file" || old?.type !== "file") continue;
    const content = compareContent(old, entry);
    if (content === "different") continue;
    const verified = content === "same";
    hazards.push({
      path: path2,
      what,
      verified,
      message: verified ? `${what} is unchanged from the template although /etc/hostname changed: it most likely still names the template` : `${what} could not be compared (no digest in common); if it is the template's, it still names the template`
    });
  }
  return { changed, hazards };
}

// src/tree/xattr-text.ts
var SHOWN_BYTES = 64;
function describeXattr(name, value) {
  const bytes = Buffer.from(value, "latin1");
  if (name === "security.capability") return capabilityText(bytes) ?? hexText(bytes);
  if (name === "system.posix_acl_access" || name === "system.posix_acl_default") return aclText(bytes) ?? hexText(bytes);
  return printableText(bytes) ?? hexText(bytes);
}
var CAP_NAMES = [
  "chown",
  "dac_override",
  "dac_read_search",
  "fowner",
  "fsetid",
  "kill",
  "setgid",
  "setuid",
  "setpcap",
  "linux_immutable",
  "net_bind_service",
  "net_broadcast",
  "net_admin",
  "net_raw",
  "ipc_lock",
  "ipc_owner",
  "sys_module",
  "sys_rawio",
  "sys_chroot",
  "sys_ptrace",
  "sys_pacct",
  "sys_admin",
  "sys_boot",
  "sys_nice",
  "sys_resource",
  "sys_time",
  "sys_tty_config",
  "mknod",
  "lease",
  "audit_write",
  "audit_control",
  "setfcap",
  "mac_override",
  "mac_admin",
  "syslog",
  "wake_alarm",
  "block_suspend",
  "audit_read",
  "perfmon",
  "bpf",
  "checkpoint_restore"
].map((n) => "cap_" + n);
var CAP_REVISIONS = /* @__PURE__ */ new Map([
  [16777216, { size: 12, words: 1 }],
  [33554432, { size: 20, words: 2 }],
  [50331648, { size: 24, words: 2 }]
]);
var CAP_REVISION_MASK = 4278190080;
var CAP_FLAGS_EFFECTIVE = 1;
var EFF = 1;
var PER = 2;
var INH = 4;
function capabilityText(bytes) {
  if (bytes.length < 4) return null;
  const magic = bytes.readUInt32LE(0);
  const revision = CAP_REVISIONS.get((magic & CAP_REVISION_MASK) >>> 0);
  if (!revision || bytes.length !== revision.size) return null;
  if ((magic & ~CAP_REVISION_MASK & ~CAP_FLAGS_EFFECTIVE) !== 0) return null;
  const effective = (magic & CAP_FLAGS_EFFECTIVE) !== 0;
  const states = [];
  for (let word = 0; word < 2; word++) {
    const permitted = word < revision.words ? bytes.readUInt32LE(4 + word * 8) : 0;
    const inheritable = word < revision.words ? bytes.readUInt32LE(8 + word * 8) : 0;
    for (let bit = 0; bit < 32; bit++) {
      const p = permitted >>> bit & 1;
      const i = inheritable >>> bit & 1;
      states.push((p ? PER : 0) | (i ? INH : 0) | (effective && (p || i) ? EFF : 0));
    }
  }
  const text3 = capabilityClauses(states);
  return revision.size === 24 ? `${text3} [rootid=${bytes.readUInt32LE(20)}]` : text3;
}
function capabilityClauses(states) {
  const named = CAP_NAMES.length;
  const counts = new Array(8).fill(0);
  for (let cap = 0; cap < named; cap++) counts[states[cap]]++;
  let base = 7;
  for (let state = 6; state >= 0; state--) if (counts[state] >= counts[base]) base = state;
  const parts = ["=" + flagLetters(base)];
  for (let state = 7; state >= 0; state--) {
    if (state === base) continue;
    const names2 = capsIn(states, state, 0, named);
    if (names2 === "") continue;
    const raise = state & ~base;
    const lower = base & ~state;
    let clause = names2;
    if (raise !== 0) {
      if (parts[0] === "=") {
        parts.shift();
        clause += "=" + flagLetters(raise);
      } else {
        clause += "+" + flagLetters(raise);
      }
    }
    if (lower !== 0) clause += "-" + flagLetters(lower);
    parts.push(clause);
  }
  for (let state = 7; state > 0; state--) {
    const numbers = capsIn(states, state, named, states.length);
    if (numbers !== "") parts.push(numbers + "+" + flagLetters(state));
  }
  return parts.join(" ");
}
function capsIn(states, state, from, to) {
  const names2 = [];
  for (let cap = from; cap < to; cap++) if (states[cap] === state) names2.push(CAP_NAMES[cap] ?? String(cap));
  return names2.join(",");
}
function flagLetters(state) {
  return (state & EFF ? "e" : "") + (state & INH ? "i" : "") + (state & PER ? "p" : "");
}
var ACL_VERSION = 2;
var ACL_TAGS = /* @__PURE__ */ new Map([
  [1, "user:"],
  [2, "user:"],
  [4, "group:"],
  [8, "group:"],
  [16, "mask:"],
  [32, "other:"]
]);
var ACL_NAMED = /* @__PURE__ */ new Set([2, 8]);
function aclText(bytes) {
  if (bytes.length < 4 || (bytes.length - 4) % 8 !== 0 || bytes.readUInt32LE(0) !== ACL_VERSION) return null;
  const entries = [];
  for (let at = 4; at < bytes.length; at += 8) {
    const tag = bytes.readUInt16LE(at);
    const perm = bytes.readUInt16LE(at + 2);
    const prefix2 = ACL_TAGS.get(tag);
    if (prefix2 === void 0 || perm > 7) return null;
    const id = ACL_NAMED.has(tag) ? String(bytes.readUInt32LE(at + 4)) : "";
    entries.push(`${prefix2}${id}:${perm & 4 ? "r" : "-"}${perm & 2 ? "w" : "-"}${perm & 1 ? "x" : "-"}`);
  }
  return entries.join(",");
}
var UTF8 = new TextDecoder("utf-8", { fatal: true });
function printableText(bytes) {
  const nul = bytes.length > 1 && bytes[bytes.length - 1] === 0;
  const body = nul ? bytes.subarray(0, bytes.length - 1) : bytes;
  if (body.length === 0 || body.length > 4 * SHOWN_BYTES) return null;
  let text3;
  try {
    text3 = UTF8.decode(body);
  } catch {
    return null;
  }
  if (/[\u0000-\u001f\u007f-\u009f]/u.test(text3)) return null;
  if (text3.startsWith("0x") || text3.endsWith("\\0")) return null;
  return nul ? text3 + "\\0" : text3;
}
function hexText(bytes) {
  if (bytes.length <= SHOWN_BYTES) return "0x" + bytes.toString("hex");
  return `0x${bytes.subarray(0, SHOWN_BYTES).toString("hex")}\u2026 (${bytes.length} bytes)`;
}

// src/drift/xattr-changes.ts
function xattrChanges(change) {
  if (change.kind === "modified" && !change.aspects.includes("xattrs")) return void 0;
  if (change.kind === "removed") return void 0;
  const before = change.kind === "modified" ? attributes(change.old) : {};
  const after = attributes(change.new);
  const names2 = [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out = [];
  for (const name of names2) {
    const a = before[name];
    const b = after[name];
    if (a === b) continue;
    out.push({ name, old: a === void 0 ? null : describeXattr(name, a), new: b === void 0 ? null : describeXattr(name, b) });
  }
  return out.length > 0 ? out : void 0;
}
function attributes(entry) {
  return entry?.xattrs ?? {};
}

// src/drift/drift-compare.ts
var EXAMPLES = 5;
var DIRECTORY_NOISE = /* @__PURE__ */ new Set(["mtime", "nlink"]);
var ALL_ASPECTS = new Set(ASPECTS);
function asDirectoryNoise(rule) {
  if (rule.types !== void 0 && !rule.types.has("dir")) return void 0;
  const aspects = [...rule.kinds === void 0 && rule.aspects === void 0 ? ALL_ASPECTS : rule.aspects ?? []].filter((a) => DIRECTORY_NOISE.has(a));
  if (aspects.length === 0) return void 0;
  return { name: rule.name, matches: rule.matches, types: /* @__PURE__ */ new Set(["dir"]), aspects: new Set(aspects) };
}
function toDriftChange(change, clone) {
  const out = { path: change.path, kind: change.kind, aspects: change.aspects };
  if (change.ignored) out.ignored = change.ignored;
  if (change.ignoredAspects) out.ignoredAspects = change.ignoredAspects;
  if (change.unverifiable) out.unverifiable = change.unverifiable;
  if (!clone) {
    const identity = identityOf(change.path);
    if (identity?.notable) {
      const verb = change.kind === "added" ? "appeared" : change.kind === "removed" ? "disappeared" : "changed";
      out.notable = `${identity.what} ${verb}`;
    }
  }
  const security = securityOf(change.path, change.kind, change.new);
  if (security) out.security = security;
  const xattrs = xattrChanges(change);
  if (xattrs) out.xattrs = xattrs;
  if (change.old) out.old = toJsonEntry(change.old);
  if (change.new) out.new = toJsonEntry(change.new);
  return out;
}
function applyPins(change, pins, out) {
  const suppressed = new Set(change.ignoredAspects?.map((i) => i.aspect));
  const differs = [];
  for (const { name, pin } of pins) {
    const found = pinDifferences(pin, change.new, suppressed);
    if (found.length === 0) {
      out.ignored = { rule: name };
      return;
    }
    differs.push({ rule: name, differs: found });
  }
  out.acceptDiffers = differs;
}
function compareDrift(baseline, snapshot, options) {
  const ignoreRules = options.rules.filter((rule) => rule.pin === void 0);
  const compiled = ignoreRules.map(compileRule);
  const pins = /* @__PURE__ */ new Map();
  for (const rule of options.rules) {
    if (rule.pin === void 0) continue;
    let list = pins.get(rule.glob);
    if (!list) pins.set(rule.glob, list = []);
    list.push({ name: compileRule(rule).name, pin: rule.pin });
  }
  const comparison = compareTrees(baseline, snapshot, { rules: compiled, verifyElsewhere: options.verifyElsewhere });
  let securityRules;
  const rulesForSecurity = () => {
    if (securityRules) return securityRules;
    const withVerify = [...options.verifyElsewhere ?? []];
    baseline.forEach((entry) => {
      if (entry.verify !== void 0) withVerify.push(entry);
    });
    const mine = compiled.flatMap((rule, i) => ignoreRules[i].origin === "default" ? asDirectoryNoise(rule) ?? [] : [rule]);
    return securityRules = [...verifyRules(withVerify), ...mine];
  };
  const changes = comparison.changes.map((change) => {
    const out = toDriftChange(change, options.clone);
    if (out.security && (change.ignored || change.ignoredAspects)) {
      delete change.ignored;
      delete change.ignoredAspects;
      delete out.ignored;
      delete out.ignoredAspects;
      markIgnored(change, rulesForSecurity());
      if (change.ignored) out.ignored = change.ignored;
      if (change.ignoredAspects) out.ignoredAspects = change.ignoredAspects;
    }
    const accepting = pins.get(change.path);
    if (accepting && !out.ignored) applyPins(change, accepting, out);
    return out;
  });
  const leftOut = options.leftOut ?? 0;
  const counts = { baselineEntries: baseline.size + leftOut, snapshotEntries: snapshot.size + leftOut, added: 0, removed: 0, modified: 0, ignored: 0, hazards: 0, security: 0, securityIgnored: 0 };
  const unverifiable = /* @__PURE__ */ new Map();
  const note = (path2, aspects) => {
    for (const aspect of aspects) {
      let paths = unverifiable.get(aspect);
      if (!paths) unverifiable.set(aspect, paths = []);
      paths.push(path2);
    }
  };
  for (const change of changes) {
    if (change.ignored) counts.ignored++;
    else counts[change.kind]++;
    if (change.security && !change.ignored) counts.security++;
    if (change.security && ignoredByUser(change)) counts.securityIgnored++;
    if (change.unverifiable && !change.ignored) note(change.path, change.unverifiable);
  }
  for (const item of comparison.unverifiable) note(item.path, item.aspects);
  const hazards = options.clone ? cloneHazards(baseline, snapshot) : [];
  const names2 = options.clone ? hostnameHazards(baseline, snapshot, options.hostnames) : void 0;
  if (names2 && !options.shared && names2.changed === true) hazards.push(...names2.hazards);
  hazards.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  counts.hazards = hazards.length;
  const summaries = orderSummaries([...unverifiable].map(([aspect, paths]) => ({ aspect, count: paths.length, examples: paths.sort().slice(0, EXAMPLES) })));
  const report = {
    schemaVersion: 1,
    baseline: options.baselineName,
    snapshot: options.snapshotName,
    drift: counts.added + counts.removed + counts.modified > 0,
    clone: options.clone,
    counts,
    changes,
    hazards,
    unverifiable: summaries,
    rules: [...compiled.map((rule) => rule.name), ...[...pins.values()].flatMap((list) => list.map((p) => p.name))]
  };
  if (options.shared && names2) {
    report.share = { nameFiles: names2.hazards };
    if (names2.changed !== void 0) report.share.hostnameChanged = names2.changed;
  }
  return report;
}
function orderSummaries(summaries) {
  return summaries.sort((a, b) => b.count - a.count || (a.aspect < b.aspect ? -1 : 1));
}

// src/drift/equal-sieve.ts
var SieveGaveUp = class extends Error {
  name = "SieveGaveUp";
};
var EqualSieve = class {
  constructor(tree, keep, lines) {
    this.tree = tree;
    this.keep = keep;
    tree.forEach((entry, path2) => {
      this.paths.push(path2);
      this.entries.push(entry);
    });
    this.dropped = new Uint8Array(this.paths.length);
    this.lines = lines?.valid === true && lines.count === this.paths.length ? lines : void 0;
  }
  tree;
  keep;
  /** How many pairs were left out. */
  leftOut = 0;
  paths = [];
  entries = [];
  dropped;
  /** The first baseline entry the walk has not passed. */
  next = 0;
  /** The baseline's entry lines, one per entry in the tree's order, when its reader kept them. */
  lines;
  /**
   * Whether a snapshot line is, byte for byte, the line of the baseline's next entry: the two
   * entries are then the same, and the pair is left out without parsing the line again (the
   * baseline's was parsed and checked). JSON lines hold the whole entry, path included; an mtree
   * line does with its `/set` defaults (`context`), when its name is a full path.
   * Profiling (1M-entry JSON manifests): parsing and building an entry is about 1.5 µs a line.
   */
  sameLine(bytes, start, end, context) {
    const next = this.next;
    if (this.lines === void 0 || next >= this.paths.length || !this.lines.equals(next, bytes, start, end, context)) return false;
    if (!this.leaveOut(next)) return false;
    this.next = next + 1;
    return true;
  }
  drops(entry) {
    const at = this.find(entry.path);
    return at >= 0 && sameEntry(this.entries[at], entry) && this.leaveOut(at);
  }
  /** Leaves the baseline's entry `at` (equal to the snapshot's) out, unless it must stay in both trees. */
  leaveOut(at) {
    const old = this.entries[at];
    if (old.verify !== void 0 || this.keep?.(old.path) === true) return false;
    this.dropped[at] = 1;
    this.leftOut++;
    return true;
  }
  /** Where the baseline has `path`, moving the walk past it; -1 when it has not. */
  find(path2) {
    const next = this.next;
    if (next < this.paths.length && this.paths[next] === path2) {
      this.next = next + 1;
      return next;
    }
    const old = this.tree.get(path2);
    if (old === void 0) return -1;
    for (let i = next; i < this.entries.length; i++) {
      if (this.entries[i] === old) {
        this.next = i + 1;
        return i;
      }
    }
    throw new SieveGaveUp(`${path2} comes out of the baseline's order`);
  }
  /** The baseline's tree without the entries left out. */
  baseline() {
    const out = /* @__PURE__ */ new Map();
    for (let i = 0; i < this.paths.length; i++) if (this.dropped[i] === 0) out.set(this.paths[i], this.entries[i]);
    return out;
  }
};

// src/drift/default-rules.ts
var DEFAULT_RULES_TEXT = `# Pseudo and runtime file systems: their content exists only while the machine runs.
ignore /proc
ignore /sys
ignore /dev
ignore /run
ignore /var/run
ignore /tmp
ignore /var/tmp
ignore /lost+found
ignore /swapfile
ignore /swap.img

# Growing, rotated and runtime content: type, owner and mode of files on both sides are still
# checked; content, size, times and link counts are expected to change, and files come and go
# with rotation. No default hides a security-relevant change (setuid, setgid, capabilities,
# world-writable, crontabs under /var/spool/cron, \u2026): see docs/manifest.md.
ignore /var/log/** added removed content size mtime nlink
ignore /var/cache/** added removed content size mtime nlink
ignore /var/spool/** added removed content size mtime nlink
ignore /var/lib/logrotate.status content size mtime
ignore /var/lib/logrotate/status content size mtime
ignore /var/lib/dhcp/*.leases added removed content size mtime
ignore /var/lib/dhclient/* added removed content size mtime
ignore /var/lib/NetworkManager/*.lease added removed content size mtime
ignore /etc/mtab content size mtime
ignore /etc/adjtime content size mtime
ignore /etc/resolv.conf content size mtime
ignore /etc/passwd- added removed content size mtime
ignore /etc/shadow- added removed content size mtime
ignore /etc/group- added removed content size mtime
ignore /etc/gshadow- added removed content size mtime
ignore **/.bash_history added removed content size mtime
ignore **/.zsh_history added removed content size mtime
ignore **/.python_history added removed content size mtime
ignore **/.lesshst added removed content size mtime
ignore **/.viminfo added removed content size mtime

# Noise everywhere (virt-diff's defaults): a directory's time and link count change whenever an
# entry is added or removed inside it, which is reported on its own.
ignore /** mtime nlink type=dir
`;

// src/drift/rule-set.ts
function defaultRules() {
  return applyRulesText([], DEFAULT_RULES_TEXT, "default").map((rule) => ({ ...rule, origin: "default" }));
}
function buildRules(sources) {
  let rules = sources.defaults ? defaultRules() : [];
  for (const file of sources.files) rules = applyRulesText(rules, file.text, file.name);
  for (const glob of sources.ignore) {
    if (!glob.startsWith("/") && !glob.startsWith("**")) throw new RulesFormatError(`--ignore ${glob}: GLOB must be absolute (start with / or **)`);
    rules.push({ glob, origin: "--ignore" });
  }
  return rules;
}

// src/manifest/line-arena.ts
var LineArena = class {
  bytes;
  used = 0;
  /** Where line i ends; it starts where line i - 1 ends. */
  ends;
  /** What else line i's entry depended on (mtree's `/set` defaults), when anything. */
  contexts = [];
  /** How many lines are kept. */
  count = 0;
  /** False once a reader could not keep one line per entry (it merged two lines into one entry). */
  valid = true;
  /**
   * `expectedBytes`: about how many bytes of lines will be kept, when the caller can tell (the part
   * of the file its share holds). Profiling a million-entry baseline: growing the buffer by
   * doubling copied it over and over and touched twice the memory, a third of a share's copying
   * time; a buffer of the right size is filled once.
   */
  constructor(expectedBytes = 1024 * 1024) {
    this.bytes = Buffer.allocUnsafe(Math.max(1024, Math.ceil(expectedBytes)));
    this.ends = new Float64Array(Math.max(1024, Math.ceil(expectedBytes / 64)));
  }
  /** Keeps the next entry's line, and what else the entry depended on. */
  add(from, start, end, context) {
    this.contexts.push(context);
    const length = end - start;
    if (this.used + length > this.bytes.length) {
      const grown2 = Buffer.allocUnsafe(Math.max(Math.ceil(this.bytes.length * 1.5), this.used + length));
      this.bytes.copy(grown2, 0, 0, this.used);
      this.bytes = grown2;
    }
    if (this.count === this.ends.length) {
      const grown2 = new Float64Array(this.ends.length * 2);
      grown2.set(this.ends);
      this.ends = grown2;
    }
    from.copy(this.bytes, this.used, start, end);
    this.used += length;
    this.ends[this.count++] = this.used;
  }
  /** Stands for an entry no single line of its own made (a deferred one): an empty line, which no entry line equals. */
  addBlank() {
    this.add(EMPTY, 0, 0);
  }
  /** Whether line `i` is `other[start, end)`, byte for byte, read in the same context. */
  equals(i, other, start, end, context) {
    const from = i === 0 ? 0 : this.ends[i - 1];
    const to = this.ends[i];
    return to - from === end - start && this.contexts[i] === context && this.bytes.compare(other, start, end, from, to) === 0;
  }
};
var EMPTY = Buffer.alloc(0);

// src/manifest/read-manifest.ts
var import_node_fs = require("node:fs");
var import_promises = require("node:fs/promises");
var import_node_zlib = __toESM(require("node:zlib"), 1);

// src/image/peek-stream.ts
var import_node_stream = require("node:stream");
function readHead(source, n) {
  if (source.destroyed) return Promise.reject(source.errored ?? new Error("the stream was closed before it was read"));
  return new Promise((resolve, reject) => {
    const chunks = [];
    let length = 0;
    let result;
    const settle = (ended) => {
      source.off("data", onData);
      result = { head: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length), ended };
      resolve(result);
    };
    const onData = (chunk) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= n) {
        source.pause();
        settle(false);
      }
    };
    const fail = (error) => {
      if (result) result.error ??= error;
      else reject(error);
    };
    source.once("end", () => result ? result.ended = true : settle(true));
    source.on("error", fail);
    source.once("close", () => {
      if (!(result?.ended ?? false) && !source.readableEnded) fail(new Error("the stream closed before its end"));
    });
    source.on("data", onData);
  });
}
function rejoin(start, source) {
  async function* all() {
    yield start.head;
    if (start.error) throw start.error;
    if (!start.ended) for await (const chunk of source) yield chunk;
  }
  return import_node_stream.Readable.from(all(), { objectMode: false });
}

// src/input-error.ts
var InputError = class extends Error {
  name = "InputError";
};

// src/tree/shared-times.ts
var SharedTimes = class {
  last = { sec: Number.NaN, nsec: 0 };
  /** The previous time when it equals `sec`.`nsec`, else a new object that becomes the previous. */
  of(sec, nsec) {
    const last = this.last;
    if (last.sec === sec && last.nsec === nsec) return last;
    return this.last = { sec, nsec };
  }
  /** The previous time when it equals `time`, else `time` itself, which becomes the previous. */
  share(time) {
    const last = this.last;
    if (last.sec === time.sec && last.nsec === time.nsec) return last;
    return this.last = time;
  }
};

// src/manifest/manifest-error.ts
var ManifestFormatError = class extends Error {
  name = "ManifestFormatError";
  /** The file name the caller gave the reader. */
  file;
  /** 1-based line of the problem; 0 when it concerns the file as a whole. */
  line;
  constructor(file, line, problem) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
    this.file = file;
    this.line = line;
  }
};

// src/manifest/line-limit.ts
var LINE_LIMIT = 1024 * 1024;
var LineTooLongError = class extends Error {
  constructor(lineNo, limit = LINE_LIMIT) {
    super(`line ${lineNo} is longer than ${limit} bytes`);
    this.lineNo = lineNo;
    this.limit = limit;
  }
  lineNo;
  limit;
  name = "LineTooLongError";
};
function lineTooLong(limit = LINE_LIMIT) {
  return `line longer than ${limit / 1024 / 1024} MiB (a manifest line is far shorter: is this a manifest?)`;
}
function asManifestError(error, name) {
  return error instanceof LineTooLongError ? new ManifestFormatError(name, error.lineNo, lineTooLong(error.limit)) : error;
}

// src/manifest/byte-lines.ts
var Carry = class {
  constructor(limit) {
    this.limit = limit;
  }
  limit;
  bytes = Buffer.allocUnsafe(4096);
  length = 0;
  /** Adds `from[start, end)` to line `lineNo`; throws LineTooLongError past the limit. */
  append(from, start, end, lineNo) {
    const needed = this.length + (end - start);
    if (needed > this.limit) throw new LineTooLongError(lineNo, this.limit);
    if (needed > this.bytes.length) {
      const grown2 = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(grown2, 0, 0, this.length);
      this.bytes = grown2;
    }
    from.copy(this.bytes, this.length, start, end);
    this.length = needed;
  }
};
async function eachByteLine(source, onLine, limit = LINE_LIMIT) {
  if (typeof source === "string" || Buffer.isBuffer(source)) {
    eachByteLineOf(typeof source === "string" ? Buffer.from(source, "utf8") : source, onLine, limit);
    return;
  }
  const carry = new Carry(limit);
  let lineNo = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let start = 0;
    if (carry.length > 0) {
      const newline = bytes.indexOf(10);
      if (newline < 0) {
        carry.append(bytes, 0, bytes.length, lineNo + 1);
        continue;
      }
      carry.append(bytes, 0, newline, lineNo + 1);
      onLine(carry.bytes.subarray(0, carry.length), 0, carry.length, ++lineNo);
      carry.length = 0;
      start = newline + 1;
    }
    for (let newline = bytes.indexOf(10, start); newline >= 0; newline = bytes.indexOf(10, start)) {
      if (newline - start > limit) throw new LineTooLongError(lineNo + 1, limit);
      onLine(bytes, start, newline, ++lineNo);
      start = newline + 1;
    }
    if (start < bytes.length) carry.append(bytes, start, bytes.length, lineNo + 1);
  }
  if (carry.length > 0) onLine(carry.bytes.subarray(0, carry.length), 0, carry.length, lineNo + 1);
}
function eachByteLineOf(bytes, onLine, limit = LINE_LIMIT) {
  let lineNo = 0;
  let start = 0;
  for (let newline = bytes.indexOf(10); newline >= 0; newline = bytes.indexOf(10, start)) {
    if (newline - start > limit) throw new LineTooLongError(lineNo + 1, limit);
    onLine(bytes, start, newline, ++lineNo);
    start = newline + 1;
  }
  if (bytes.length - start > limit) throw new LineTooLongError(lineNo + 1, limit);
  if (start < bytes.length) onLine(bytes, start, bytes.length, lineNo + 1);
}
var PerChunk = class {
  constructor(question) {
    this.question = question;
  }
  question;
  last;
  answer = false;
  of(bytes) {
    if (bytes !== this.last) {
      this.last = bytes;
      this.answer = this.question(bytes);
    }
    return this.answer;
  }
};

// src/manifest/path-share.ts
var HASH_SPACE = 2 ** 32;
function shareFraction(share) {
  return (share.to - share.from) / HASH_SPACE;
}
function isWhole(share) {
  return share.from === 0 && share.to === HASH_SPACE;
}
var FNV_OFFSET = 2166136261;
var FNV_PRIME = 16777619;
var SHARE_HASH_START = FNV_OFFSET;
function hashStep(hash, code) {
  return Math.imul(hash ^ code, FNV_PRIME);
}
function hashInShare(share, hash) {
  const h = hash >>> 0;
  return h >= share.from && h < share.to;
}
function inShare(share, path2, start = 0, end = path2.length) {
  if (isWhole(share)) return true;
  let hash = SHARE_HASH_START;
  for (let i = start; i < end; i++) hash = hashStep(hash, path2.charCodeAt(i));
  return hashInShare(share, hash);
}
function asciiInShare(share, bytes, start, end) {
  if (isWhole(share)) return true;
  let hash = SHARE_HASH_START;
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c >= 128) return void 0;
    hash = hashStep(hash, c);
  }
  return hashInShare(share, hash);
}

// src/manifest/json-manifest-reader.ts
function checkHeader(value, name, line) {
  const header = value;
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new ManifestFormatError(name, line, "a JSON manifest starts with a header object");
  }
  if (header.kind !== void 0 && header.kind !== MANIFEST_KIND) {
    throw new ManifestFormatError(name, line, `not a repro-check manifest (kind ${JSON.stringify(header.kind)})`);
  }
  if (header.schemaVersion !== MANIFEST_SCHEMA_VERSION) {
    throw new ManifestFormatError(name, line, `schemaVersion ${JSON.stringify(header.schemaVersion)} is not supported (this version reads ${MANIFEST_SCHEMA_VERSION})`);
  }
  if (header.kind === void 0 && !("entries" in header)) {
    throw new ManifestFormatError(name, line, `expected the manifest header {"schemaVersion":1,"kind":"${MANIFEST_KIND}"} (or a single document with "entries")`);
  }
}
function lineOfError(text3, error) {
  const match2 = /position (\d+)/.exec(error.message);
  if (!match2) return 0;
  let line = 1;
  const end = Math.min(Number(match2[1]), text3.length);
  for (let i = text3.indexOf("\n"); i >= 0 && i < end; i = text3.indexOf("\n", i + 1)) line++;
  return line;
}
var TreeBuilder = class {
  constructor(name, reading) {
    this.name = name;
    this.share = reading.share;
    this.keepVerify = reading.verifyElsewhere ?? true;
    this.sieve = reading.sieve;
  }
  name;
  tree = /* @__PURE__ */ new Map();
  /** Entries outside the share that carry behaviour keywords (see ManifestShare). */
  verifyElsewhere = [];
  /** Entries read or passed over, in every share. */
  listed = 0;
  /** Times shared by the entries that have the same (see SharedTimes). */
  times = new SharedTimes();
  share;
  /** Keep other shares' entries with behaviour keywords (see ManifestShare). */
  keepVerify;
  sieve;
  /** Adds one entry value; true when it went into the tree. */
  add(value, line, where) {
    this.listed++;
    try {
      const entry = fromJsonEntry(value);
      if (!inShare(this.share, entry.path)) {
        if (this.keepVerify && entry.verify !== void 0) this.verifyElsewhere.push(entry);
        return false;
      }
      if (entry.mtime !== void 0) entry.mtime = this.times.share(entry.mtime);
      if (this.tree.has(entry.path)) throw new JsonEntryError(`${entry.path} is listed twice`);
      if (this.sieve !== void 0 && this.sieve.drops(entry)) return false;
      this.tree.set(entry.path, entry);
      return true;
    } catch (error) {
      if (error instanceof JsonEntryError) throw new ManifestFormatError(this.name, line, `${where}${error.message}`);
      throw error;
    }
  }
};
var JSON_LINE_LIMIT = 256 * 1024 * 1024;
var PATH_FIRST = Buffer.from('{"path":"', "latin1");
var VERIFY_KEY = Buffer.from('"verify"', "latin1");
var PassOver = class {
  constructor(share, keepVerify) {
    this.share = share;
    this.keepVerify = keepVerify;
  }
  share;
  keepVerify;
  verifyInChunk = new PerChunk((bytes) => bytes.includes(VERIFY_KEY));
  unread(bytes, start, end) {
    let i = start;
    while (i < end && (bytes[i] === 32 || bytes[i] === 9)) i++;
    if (end - i <= PATH_FIRST.length) return false;
    for (let k = 0; k < PATH_FIRST.length; k++) if (bytes[i + k] !== PATH_FIRST[k]) return false;
    const from = i + PATH_FIRST.length;
    let to = from;
    while (to < end && bytes[to] !== 34 && bytes[to] !== 92) to++;
    if (to >= end || bytes[to] !== 34 || asciiInShare(this.share, bytes, from, to) !== false) return false;
    return !this.keepVerify || !this.verifyInChunk.of(bytes);
  }
};
async function readJsonManifestShare(source, name, reading) {
  const builder = new TreeBuilder(name, reading);
  const share = reading.share;
  let mode = "header";
  const document = [];
  const passOver = isWhole(share) ? void 0 : new PassOver(share, reading.verifyElsewhere ?? true);
  const sieve = reading.sieve;
  const lines = reading.lines;
  await eachByteLine(source, (bytes, start, end, lineNo) => {
    if (mode === "lines" && (passOver?.unread(bytes, start, end) === true || sieve?.sameLine?.(bytes, start, end) === true)) {
      builder.listed++;
      return;
    }
    const raw = bytes.toString("utf8", start, end);
    if (mode === "document") {
      document.push(raw);
      return;
    }
    const line = raw.trim();
    if (line === "") return;
    let value2;
    try {
      value2 = JSON.parse(line);
    } catch (error) {
      if (mode === "header") {
        mode = "document";
        for (let i = 1; i < lineNo; i++) document.push("");
        document.push(raw);
        return;
      }
      throw new ManifestFormatError(name, lineNo, `not valid JSON: ${error.message}`);
    }
    if (mode === "header") {
      checkHeader(value2, name, lineNo);
      mode = "lines";
      const entries2 = value2.entries;
      if (entries2 !== void 0) {
        if (!Array.isArray(entries2)) throw new ManifestFormatError(name, lineNo, 'a single-document manifest needs an "entries" list');
        entries2.forEach((entry, i) => builder.add(entry, lineNo, `entries[${i}]: `));
        mode = "complete";
      }
      return;
    }
    if (mode === "complete") throw new ManifestFormatError(name, lineNo, "text after a single-document manifest");
    if (builder.add(value2, lineNo, "") && lines) lines.add(bytes, start, end);
  }, JSON_LINE_LIMIT).catch((error) => {
    throw asManifestError(error, name);
  });
  if (mode === "header") throw new ManifestFormatError(name, 0, "the manifest is empty");
  const result = () => ({ tree: builder.tree, verifyElsewhere: builder.verifyElsewhere, listed: builder.listed });
  if (mode === "lines" || mode === "complete") return result();
  const text3 = document.join("\n");
  let value;
  try {
    value = JSON.parse(text3);
  } catch (error) {
    throw new ManifestFormatError(name, lineOfError(text3, error), `not valid JSON: ${error.message}`);
  }
  checkHeader(value, name, 1);
  const entries = value.entries;
  if (!Array.isArray(entries)) throw new ManifestFormatError(name, 1, 'a single-document manifest needs an "entries" list');
  entries.forEach((entry, i) => builder.add(entry, 0, `entries[${i}]: `));
  return result();
}

// src/manifest/mtree-escape.ts
function decodeAsciiEscapes(token) {
  let out = "";
  let from = 0;
  for (let i = token.indexOf("\\"); i >= 0; i = token.indexOf("\\", from)) {
    const a = token.charCodeAt(i + 1) - 48;
    const b = token.charCodeAt(i + 2) - 48;
    const c = token.charCodeAt(i + 3) - 48;
    if (!(a >= 0 && a <= 1 && b >= 0 && b <= 7 && c >= 0 && c <= 7)) return null;
    out += token.slice(from, i) + String.fromCharCode(a * 64 + b * 8 + c);
    from = i + 4;
  }
  return out + token.slice(from);
}
var C_ESCAPES = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, s: 32, "\\": 92 };
function decodeMtreeToken(token) {
  if (!token.includes("\\")) return token;
  const ascii = decodeAsciiEscapes(token);
  if (ascii !== null) return ascii;
  const bytes = [];
  for (let i = 0; i < token.length; i++) {
    const ch = token.charCodeAt(i);
    if (ch !== 92) {
      if (ch < 128) bytes.push(ch);
      else for (const b of Buffer.from(token[i], "utf8")) bytes.push(b);
      continue;
    }
    const next = token[i + 1];
    if (next === void 0) return null;
    if (next >= "0" && next <= "7") {
      const octal = token.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(octal)) return null;
      const value = parseInt(octal, 8);
      if (value > 255) return null;
      bytes.push(value);
      i += 3;
      continue;
    }
    const escaped = C_ESCAPES[next];
    if (escaped === void 0) return null;
    bytes.push(escaped);
    i += 1;
  }
  return Buffer.from(bytes).toString("utf8");
}

// src/manifest/mtree-tokens.ts
var LineTokens = class {
  /** The buffer the ranges point into; valid until the next `split`. */
  bytes = Buffer.alloc(0);
  /** Start and end (exclusive) of each word; grown when a line has more words. */
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  /** Where the first `=` of each word is (its end when it has none). */
  equals = new Int32Array(32);
  /** How many words the line has. */
  count = 0;
  /**
   * Splits `bytes[start, end)` at spaces and tabs. A word that starts with `#` ends the line (a
   * comment, whole or trailing: names never hold a bare `#`), so blank and comment lines have none.
   * The same pass finds each word's first `=`; past it, only the word's end is looked for
   * (profiling: 0.23 µs rather than 0.34 µs a line of bench/drift-bench.ts, testing every byte
   * for all three).
   */
  split(bytes, start, end) {
    this.bytes = bytes;
    this.count = 0;
    let i = start;
    while (i < end) {
      const c = bytes[i];
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      if (c === 35) break;
      const from = i;
      let eq = -1;
      for (; i < end; i++) {
        const d = bytes[i];
        if (d <= 61 && (d === 32 || d === 9 || d === 61)) {
          if (d === 61) eq = i;
          break;
        }
      }
      if (eq >= 0) {
        for (i++; i < end; i++) {
          const d = bytes[i];
          if (d <= 32 && (d === 32 || d === 9)) break;
        }
      }
      this.push(from, i, eq < 0 ? i : eq);
    }
  }
  push(start, end, eq) {
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
      this.equals = grown(this.equals);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.equals[this.count] = eq;
    this.count++;
  }
  /** Word `i` as text (UTF-8, as the whole line would have been decoded). */
  word(i) {
    return this.text(this.starts[i], this.ends[i]);
  }
  /** `bytes[start, end)` of this line as text (see `text`). */
  text(start, end) {
    return text2(this.bytes, start, end);
  }
  /** Every word from `first` on, as text. */
  words(first) {
    const out = [];
    for (let i = first; i < this.count; i++) out.push(this.word(i));
    return out;
  }
  /** Whether word `i` is exactly `text` (ASCII). */
  is(i, text3) {
    return rangeIs(this.bytes, this.starts[i], this.ends[i], text3);
  }
};
function rangeIs(bytes, start, end, text3) {
  if (end - start !== text3.length) return false;
  for (let i = 0; i < text3.length; i++) if (bytes[start + i] !== text3.charCodeAt(i)) return false;
  return true;
}
function text2(bytes, start, end) {
  for (let i = start; i < end; i++) if (bytes[i] >= 128) return bytes.toString("utf8", start, end);
  return bytes.toString("latin1", start, end);
}
function grown(array) {
  const out = new Int32Array(array.length * 2);
  out.set(array);
  return out;
}

// src/manifest/mtree-values.ts
var KeywordError = class extends Error {
  name = "KeywordError";
};
var TYPES = {
  block: "block",
  char: "char",
  dir: "dir",
  fifo: "fifo",
  file: "file",
  link: "symlink",
  socket: "socket"
};
var DIGESTS = {
  md5: "md5",
  md5digest: "md5",
  sha1: "sha1",
  sha1digest: "sha1",
  sha256: "sha256",
  sha256digest: "sha256",
  sha384: "sha384",
  sha384digest: "sha384",
  sha512: "sha512",
  sha512digest: "sha512",
  rmd160: "rmd160",
  rmd160digest: "rmd160",
  ripemd160digest: "rmd160",
  sha512256: "sha512256",
  sha512256digest: "sha512256",
  cksum: "cksum"
};
var MACHINE_LOCAL = /* @__PURE__ */ new Set(["inode", "resdevice", "contents"]);
var VERIFY_FLAGS = /* @__PURE__ */ new Set(["ignore", "optional", "nochange"]);
function unsigned(key, value) {
  if (!/^\d+$/.test(value)) throw new KeywordError(`${key}=${value}: expected a decimal number`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new KeywordError(`${key}=${value}: number too large`);
  return n;
}
var TIME = /^-?\d+(?:\.\d+)?$/;
function parseMtreeTime(key, value) {
  if (!TIME.test(value)) throw new KeywordError(`${key}=${value}: expected seconds.nanoseconds`);
  const dot = value.indexOf(".");
  const sec = Number(dot < 0 ? value : value.slice(0, dot));
  const nsec = dot < 0 ? 0 : Number(value.slice(dot + 1));
  if (!Number.isSafeInteger(sec) || nsec > 999999999) throw new KeywordError(`${key}=${value}: out of range`);
  return { sec, nsec };
}
function parseMode(value) {
  if (!/^[0-7]{1,7}$/.test(value)) throw new KeywordError(`mode=${value}: expected an octal number`);
  return parseInt(value, 8) & 4095;
}
function parseDevice(value, entry) {
  const parts = value.split(",");
  if (parts.length >= 3) {
    entry.devMajor = unsigned("device", parts[1]);
    entry.devMinor = unsigned("device", parts[2]);
    return;
  }
  const dev = unsigned("device", value);
  entry.devMajor = Math.floor(dev / 256) & 4095;
  entry.devMinor = dev & 255 | (Math.floor(dev / 4096) & 1048320) >>> 0;
}
function decoded(key, value) {
  const text3 = decodeMtreeToken(value);
  if (text3 === null) throw new KeywordError(`${key}=${value}: malformed escape`);
  return text3;
}
function applyKeyword(draft, key, value) {
  const entry = draft.entry;
  if (value === void 0) {
    if (VERIFY_FLAGS.has(key)) {
      entry.verify ??= [];
      if (!entry.verify.includes(key)) entry.verify.push(key);
      return;
    }
    if (MACHINE_LOCAL.has(key)) return;
    if (Object.hasOwn(TYPES, key) || Object.hasOwn(DIGESTS, key) || KNOWN_VALUED.has(key)) throw new KeywordError(`${key} needs a value (${key}=\u2026)`);
    (entry.extraKeywords ??= {})[key] = "";
    return;
  }
  switch (key) {
    case "type": {
      const type = Object.hasOwn(TYPES, value) ? TYPES[value] : void 0;
      if (!type) throw new KeywordError(`type=${value}: expected one of ${Object.keys(TYPES).join(", ")}`);
      entry.type = type;
      return;
    }
    case "mode":
      entry.mode = parseMode(value);
      return;
    case "uid":
      entry.uid = unsigned(key, value);
      return;
    case "gid":
      entry.gid = unsigned(key, value);
      return;
    case "uname":
      entry.uname = decoded(key, value);
      return;
    case "gname":
      entry.gname = decoded(key, value);
      return;
    case "size":
      entry.size = unsigned(key, value);
      return;
    case "nlink":
      entry.nlink = unsigned(key, value);
      return;
    case "time":
      draft.time = parseMtreeTime(key, value);
      return;
    case "tar_time":
      draft.tarTime = parseMtreeTime(key, value);
      return;
    case "link":
      entry.linkTarget = decoded(key, value);
      return;
    case "flags":
      entry.flags = value;
      return;
    case "device":
      parseDevice(value, entry);
      return;
  }
  const digest = Object.hasOwn(DIGESTS, key) ? DIGESTS[key] : void 0;
  if (digest !== void 0) {
    const hex = value.toLowerCase();
    if (digest === "sha256") entry.digest = "sha256:" + hex;
    else (entry.digests ??= {})[digest] = hex;
    return;
  }
  if (key.startsWith("xattr.") && key.length > 6) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new KeywordError(`${key}: value is not base64`);
    (entry.xattrs ??= {})[key.slice(6)] = xattrFromBase64(value);
    return;
  }
  if (MACHINE_LOCAL.has(key)) return;
  (entry.extraKeywords ??= {})[key] = value;
}
var KNOWN_VALUED = /* @__PURE__ */ new Set(["type", "mode", "uid", "gid", "uname", "gname", "size", "nlink", "time", "tar_time", "link", "flags", "device"]);

// src/manifest/mtree-keywords.ts
function digitsAt(bytes, from, to) {
  if (from >= to || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i] - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
function packed(bytes, start, end) {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 256 + bytes[i];
  return n;
}
function pack(word) {
  return packed(Buffer.from(word, "latin1"), 0, word.length);
}
var KEY_UID = pack("uid");
var KEY_GID = pack("gid");
var KEY_SIZE = pack("size");
var KEY_MODE = pack("mode");
var KEY_TIME = pack("time");
var KEY_TYPE = pack("type");
var KEY_LINK = pack("link");
var TYPE_FILE = pack("file");
var TYPE_DIR = pack("dir");
var TYPE_LINK = pack("link");
function plainAscii(bytes, from, end) {
  for (let i = from; i < end; i++) if (bytes[i] >= 128 || bytes[i] === 92) return false;
  return true;
}
function typeAt(bytes, from, to) {
  if (to - from === 3) return packed(bytes, from, to) === TYPE_DIR ? "dir" : void 0;
  if (to - from !== 4) return void 0;
  const value = packed(bytes, from, to);
  return value === TYPE_FILE ? "file" : value === TYPE_LINK ? "symlink" : void 0;
}
function splitKeyword(token) {
  const eq = token.indexOf("=");
  return eq < 0 ? [token, void 0] : [token.slice(0, eq), token.slice(eq + 1)];
}
var KeywordReader = class {
  draft = { entry: { path: "", type: "file" } };
  /** Times shared by the entries that have the same (see SharedTimes). */
  times = new SharedTimes();
  /**
   * The last owner and group names read, handed again while they repeat: bsdtar writes both on
   * every line, nearly always the same (root), and a million copies of them add up.
   */
  lastUname = "";
  lastGname = "";
  /** `sha256:` followed by the digest being read, to make the digest text in one flat string. */
  digestBytes = Buffer.from("sha256:".padEnd(128, " "), "latin1");
  /**
   * Builds the entry at `path` from the `/set` defaults and the entry's own keywords (words of
   * `tokens` from index `first` on, `key=value` or bare `key`), which win. A missing `type` means a
   * regular file, as in libarchive. Throws KeywordError for bad values.
   */
  entry(path2, defaults2, tokens, first) {
    const draft = this.draft;
    draft.entry = { path: path2, type: "file" };
    draft.time = void 0;
    draft.tarTime = void 0;
    if (defaults2.size > 0) for (const [key, value] of defaults2) applyKeyword(draft, key, value);
    const bytes = tokens.bytes;
    for (let i = first; i < tokens.count; i++) {
      const start = tokens.starts[i];
      const end = tokens.ends[i];
      const eq = tokens.equals[i];
      if (eq === end) applyKeyword(draft, tokens.text(start, end), void 0);
      else if (!this.common(bytes, start, eq, end)) applyKeyword(draft, tokens.text(start, eq), tokens.text(eq + 1, end));
    }
    const entry = draft.entry;
    if (draft.time) entry.mtime = draft.time;
    else if (draft.tarTime) {
      entry.mtime = draft.tarTime;
      entry.mtimeSecondsOnly = true;
    }
    if (entry.linkTarget !== void 0 && entry.type !== "symlink") delete entry.linkTarget;
    return entry;
  }
  /**
   * Whether `entry` would make a directory of the line, found without building it: its last
   * `type=`, or the `/set` default. A reader placing other readers' lines needs no more.
   */
  isDir(defaults2, tokens, first) {
    const bytes = tokens.bytes;
    for (let i = tokens.count - 1; i >= first; i--) {
      const start = tokens.starts[i];
      const eq = tokens.equals[i];
      if (eq - start === 4 && packed(bytes, start, eq) === KEY_TYPE) return typeAt(bytes, eq + 1, tokens.ends[i]) === "dir";
    }
    return defaults2.get("type") === "dir";
  }
  /**
   * The keywords of nearly every line (`uid=0`, `size=N`, `time=S.N`, `sha256digest=HEX`), read
   * straight from the bytes of `key=value` (`eq` is where the `=` is). Returns false to leave a
   * keyword, or a value this shortcut cannot read, to `applyKeyword`, which also reports errors.
   *
   * Profiling note: cutting every word into key and value strings and reading them with regular
   * expressions took 3.4 s of the 13.5 s that reading two 1M-entry manifests took (bench/drift-bench.ts),
   * besides the garbage collection those strings caused; from the bytes it is about 0.6 s.
   */
  common(bytes, start, eq, end) {
    const entry = this.draft.entry;
    const keyLength = eq - start;
    const from = eq + 1;
    if (keyLength === 3) {
      const key = packed(bytes, start, eq);
      if (key !== KEY_UID && key !== KEY_GID) return false;
      const n = digitsAt(bytes, from, end);
      if (n < 0) return false;
      if (key === KEY_UID) entry.uid = n;
      else entry.gid = n;
      return true;
    }
    if (keyLength === 4) {
      const key = packed(bytes, start, eq);
      if (key === KEY_SIZE) {
        const n = digitsAt(bytes, from, end);
        if (n < 0) return false;
        entry.size = n;
        return true;
      }
      if (key === KEY_MODE) {
        if (from === end || end - from > 7) return false;
        let n = 0;
        for (let i = from; i < end; i++) {
          const d = bytes[i] - 48;
          if (d < 0 || d > 7) return false;
          n = n * 8 + d;
        }
        entry.mode = n & 4095;
        return true;
      }
      if (key === KEY_TIME) {
        let dot = from;
        while (dot < end && bytes[dot] !== 46) dot++;
        const sec = digitsAt(bytes, from, dot);
        const nsec = dot === end ? 0 : digitsAt(bytes, dot + 1, end);
        if (sec < 0 || nsec < 0 || nsec > 999999999) return false;
        this.draft.time = this.times.of(sec, nsec);
        return true;
      }
      if (key === KEY_LINK) {
        if (!plainAscii(bytes, from, end)) return false;
        entry.linkTarget = bytes.toString("latin1", from, end);
        return true;
      }
      if (key === KEY_TYPE) {
        const type = typeAt(bytes, from, end);
        if (type === void 0) return false;
        entry.type = type;
        return true;
      }
      return false;
    }
    if (keyLength === 5) {
      if (rangeIs(bytes, start, eq, "uname")) {
        const name = this.name(bytes, from, end, this.lastUname);
        if (name === void 0) return false;
        entry.uname = this.lastUname = name;
        return true;
      }
      if (rangeIs(bytes, start, eq, "gname")) {
        const name = this.name(bytes, from, end, this.lastGname);
        if (name === void 0) return false;
        entry.gname = this.lastGname = name;
        return true;
      }
    }
    if (keyLength === 5 && rangeIs(bytes, start, eq, "nlink")) {
      const n = digitsAt(bytes, from, end);
      if (n < 0) return false;
      entry.nlink = n;
      return true;
    }
    if (keyLength === 12 && rangeIs(bytes, start, eq, "sha256digest")) {
      const digest = this.digest(bytes, from, end);
      if (digest === void 0) return false;
      entry.digest = digest;
      return true;
    }
    return false;
  }
  /**
   * An owner or group name without escapes: `last` again when the bytes spell it, else new text.
   * Undefined for names with escapes or beyond ASCII, which `applyKeyword` decodes.
   */
  name(bytes, from, end, last) {
    if (end - from === last.length) {
      let same = true;
      for (let i = from; i < end && same; i++) same = bytes[i] === last.charCodeAt(i - from);
      if (same) return last;
    }
    return plainAscii(bytes, from, end) ? bytes.toString("latin1", from, end) : void 0;
  }
  /**
   * `sha256:` and the ASCII hex of `bytes[from, end)` in lower case, made as one flat string: a
   * concatenation would be a rope, which V8 flattens (copies) at its first comparison (profiling:
   * the comparison of 1M entries spent most of its 1.2 s in `sameEntry` on that). Copied by a
   * loop, which profiled faster than `Buffer.copy` (a view per call) and a regular expression.
   * Undefined for bytes beyond ASCII, whose lower case `applyKeyword` works out.
   */
  digest(bytes, from, end) {
    const length = 7 + end - from;
    if (length > this.digestBytes.length) {
      const grown2 = Buffer.allocUnsafe(length * 2);
      this.digestBytes.copy(grown2, 0, 0, 7);
      this.digestBytes = grown2;
    }
    const out = this.digestBytes;
    for (let i = from, o = 7; i < end; i++, o++) {
      const c = bytes[i];
      if (c >= 128) return void 0;
      out[o] = c >= 65 && c <= 90 ? c + 32 : c;
    }
    return out.toString("latin1", 0, length);
  }
};

// src/manifest/mtree-names.ts
function cleanFullPath(bytes, start, end) {
  if (end - start <= 2 || bytes[start] !== 46 || bytes[start + 1] !== 47) return false;
  for (let i = start + 1; i < end; i++) {
    const c = bytes[i];
    if (c === 92) return false;
    if (c !== 47) continue;
    const next = i + 1 < end ? bytes[i + 1] : 47;
    if (next === 47) return false;
    if (next === 46) {
      const after = i + 2 < end ? bytes[i + 2] : 47;
      if (after === 47) return false;
      if (after === 46 && (i + 3 >= end || bytes[i + 3] === 47)) return false;
    }
  }
  return true;
}
function fullPathName(bytes, start, end) {
  let i = start;
  while (i < end && (bytes[i] === 32 || bytes[i] === 9)) i++;
  if (i >= end || bytes[i] === 47 || bytes[i] === 35) return false;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c === 47) return true;
    if (c === 32 || c === 9) return false;
  }
  return false;
}
function nameInShare(share, bytes, start, end) {
  let i = start;
  while (i < end && (bytes[i] === 32 || bytes[i] === 9)) i++;
  if (end - i <= 2 || bytes[i] !== 46 || bytes[i + 1] !== 47) return void 0;
  let hash = SHARE_HASH_START;
  let part = 1;
  let dots = 0;
  for (i++; i < end; i++) {
    let c = bytes[i];
    if (c === 32 || c === 9) break;
    if (c === 47) {
      if (part === 0 || dots === part && part <= 2) return void 0;
      part = 0;
      dots = 0;
    } else {
      if (c === 92) {
        if (i + 3 >= end) return void 0;
        const a = bytes[i + 1] - 48;
        const b = bytes[i + 2] - 48;
        const d = bytes[i + 3] - 48;
        if (!(a >= 0 && a <= 1 && b >= 0 && b <= 7 && d >= 0 && d <= 7)) return void 0;
        c = a * 64 + b * 8 + d;
        i += 3;
      } else if (c >= 128) {
        return void 0;
      }
      part++;
      if (c === 46) dots++;
    }
    hash = hashStep(hash, c);
  }
  if (part === 0 || dots === part && part <= 2) return void 0;
  return hashInShare(share, hash);
}
function fastNormalise(name) {
  if (name.startsWith("./") && name.length > 2 && !name.endsWith("/") && !name.includes("//") && !name.includes("/./") && !name.includes("/../") && !name.endsWith("/.") && !name.endsWith("/..")) {
    return name.slice(1);
  }
  return normalisePath(name);
}
function countSlashes(text3) {
  let count2 = 0;
  for (let i = text3.indexOf("/"); i >= 0; i = text3.indexOf("/", i + 1)) count2++;
  return count2;
}

// src/manifest/mtree-signature.ts
var SIGNATURE = Buffer.from("#mtree", "latin1");
function isSignature(bytes, start, end) {
  if (end - start < SIGNATURE.length) return false;
  for (let i = 0; i < SIGNATURE.length; i++) if (bytes[start + i] !== SIGNATURE[i]) return false;
  return true;
}
var KNOWN = /* @__PURE__ */ new Set([
  "type",
  "mode",
  "uid",
  "gid",
  "uname",
  "gname",
  "size",
  "nlink",
  "time",
  "tar_time",
  "link",
  "flags",
  "device",
  "inode",
  "resdevice",
  "contents",
  "cksum",
  "md5",
  "md5digest",
  "sha1",
  "sha1digest",
  "sha256",
  "sha256digest",
  "sha384",
  "sha384digest",
  "sha512",
  "sha512digest",
  "rmd160",
  "rmd160digest",
  "ripemd160digest",
  "sha512256",
  "sha512256digest",
  "ignore",
  "optional",
  "nochange"
]);
function knownKeyword(key) {
  return KNOWN.has(key) || key.startsWith("xattr.") && key.length > 6;
}
function lineHasKnownKeyword(tokens, first) {
  for (let i = first; i < tokens.count; i++) {
    if (knownKeyword(tokens.text(tokens.starts[i], tokens.equals[i]))) return true;
  }
  return false;
}
var NOT_AN_ENTRY = "not an mtree entry: expected a name and at least one known keyword (type=, mode=, size=, sha256=, \u2026), or the #mtree signature on line 1";

// src/manifest/mtree-reader.ts
var MtreeParser = class {
  constructor(name, reading) {
    this.name = name;
    this.share = reading.share;
    this.whole = isWhole(reading.share);
    this.keepVerify = reading.verifyElsewhere ?? true;
    this.sieve = reading.sieve;
    this.lines = reading.lines;
  }
  name;
  tree = /* @__PURE__ */ new Map();
  /** Entries outside the share that carry behaviour keywords (see ManifestShare). */
  verifyElsewhere = [];
  defaults = /* @__PURE__ */ new Map();
  /** Whether a `/set` default is a bare keyword (a behaviour keyword such as `ignore`, or unknown). */
  bareDefault = false;
  /** Entry lines read, in every share. */
  listed = 0;
  /** Whether a chunk holds a behaviour keyword (see `mayVerify`). */
  verifyInChunk = new PerChunk(hasVerifyWord);
  /** Directories entered by relative `type=dir` entries, innermost last. */
  dirs = [];
  sawDotDot = false;
  /** Whether line 1 is the `#mtree` signature; without it every entry line must look like one. */
  signed = false;
  /** Whether a `/set` default in force is a known keyword (see mtree-signature.ts). */
  knownDefault = false;
  /** Relative entries placed inside a directory before any `..`: the form is not known yet. */
  pending = [];
  /** A logical line being joined from continued physical lines, and where it started. */
  held = Buffer.alloc(0);
  heldLength = 0;
  heldLine = 0;
  tokens = new LineTokens();
  keywords = new KeywordReader();
  share;
  whole;
  /** Keep other shares' entries with behaviour keywords (see ManifestShare). */
  keepVerify;
  sieve;
  /** Keeps the line of each entry that enters the tree (see LineArena). */
  lines;
  /** The `/set` defaults as text, which an entry's line depends on; undefined when there are none. */
  defaultsKey;
  /** The logical line being read into an entry, for `lines`; unset for deferred entries. */
  lineBytes;
  lineStart = 0;
  lineEnd = 0;
  /** Takes one physical line: `bytes[start, end)`, without its newline. */
  line(bytes, start, end, lineNo) {
    if (end > start && bytes[end - 1] === 13) end--;
    if (lineNo === 1) this.signed = isSignature(bytes, start, end);
    if (this.heldLength === 0) this.heldLine = lineNo;
    if (continues(bytes, start, end)) {
      this.hold(bytes, start, end - 1);
      this.hold(SPACE, 0, 1);
      return;
    }
    if (this.heldLength > 0) {
      this.hold(bytes, start, end);
      const length = this.heldLength;
      this.heldLength = 0;
      return this.logical(this.held, 0, length, this.heldLine);
    }
    if (!this.whole && this.passOver(bytes, start, end)) return;
    if (this.sieve?.sameLine !== void 0 && fullPathName(bytes, start, end) && this.sieve.sameLine(bytes, start, end, this.defaultsKey)) {
      this.listed++;
      return;
    }
    this.logical(bytes, start, end, lineNo);
  }
  /**
   * Whether a line is a plain entry of another share (see path-share.ts), found from its name
   * alone (`nameInShare`) when no behaviour keyword is in its chunk (see `mayVerify`). Such lines,
   * most of a share reader's, are counted and passed over without splitting them into words
   * (profiling: splitting every line was most of what a reader of one share in eight spent).
   */
  passOver(bytes, start, end) {
    if (nameInShare(this.share, bytes, start, end) !== false || this.mayVerify(bytes)) return false;
    this.listed++;
    return true;
  }
  /**
   * Whether lines in `bytes` may carry behaviour keywords: a bare `/set` default, or one of them as
   * a word of its own anywhere in the buffer. Found once per buffer (a chunk of the stream, searched
   * natively), as nearly no manifest has any; a buffer that does leaves each of its lines to
   * `elsewhere`.
   */
  mayVerify(bytes) {
    if (!this.keepVerify) return false;
    return this.bareDefault || this.verifyInChunk.of(bytes);
  }
  finish() {
    if (this.heldLength > 0) this.logical(this.held, 0, this.heldLength, this.heldLine);
    this.heldLength = 0;
    for (const { entry, flat } of this.pending) this.place({ ...entry, path: flat });
    this.pending = [];
    return { tree: this.tree, verifyElsewhere: this.verifyElsewhere, listed: this.listed };
  }
  hold(bytes, start, end) {
    const needed = this.heldLength + end - start;
    if (needed > LINE_LIMIT) this.fail(this.heldLine, lineTooLong());
    if (needed > this.held.length) {
      const grown2 = Buffer.allocUnsafe(Math.max(needed, this.held.length * 2, 256));
      this.held.copy(grown2, 0, 0, this.heldLength);
      this.held = grown2;
    }
    bytes.copy(this.held, this.heldLength, start, end);
    this.heldLength = needed;
  }
  fail(lineNo, problem) {
    throw new ManifestFormatError(this.name, lineNo, problem);
  }
  logical(bytes, start, end, lineNo) {
    const tokens = this.tokens;
    tokens.split(bytes, start, end);
    if (tokens.count === 0) return;
    if (bytes[tokens.starts[0]] === 47) return this.command(tokens.words(0), lineNo);
    if (tokens.is(0, "..")) {
      if (tokens.count > 1) this.fail(lineNo, "`..` takes no keywords");
      if (this.dirs.length === 0) this.fail(lineNo, "`..` leaves a directory that was never entered");
      this.dirs.pop();
      if (!this.sawDotDot) {
        this.sawDotDot = true;
        for (const { entry } of this.pending) this.place(entry);
        this.pending = [];
      }
      return;
    }
    this.lineBytes = bytes;
    this.lineStart = start;
    this.lineEnd = end;
    this.entry(tokens, lineNo);
    this.lineBytes = void 0;
  }
  command(words2, lineNo) {
    const first = words2[0];
    if (first === "/set") {
      for (const token of words2.slice(1)) {
        const [key, value] = splitKeyword(token);
        this.defaults.set(key, value);
      }
    } else if (first === "/unset") {
      for (const token of words2.slice(1)) {
        if (token === "all") this.defaults.clear();
        else this.defaults.delete(splitKeyword(token)[0]);
      }
    } else {
      this.fail(lineNo, `unknown command ${first} (expected /set or /unset)`);
    }
    this.bareDefault = [...this.defaults.values()].some((value) => value === void 0);
    this.knownDefault = [...this.defaults.keys()].some(knownKeyword);
    this.defaultsKey = this.defaults.size === 0 ? void 0 : JSON.stringify([...this.defaults]);
  }
  entry(tokens, lineNo) {
    this.listed++;
    if (!this.signed && !this.knownDefault && !lineHasKnownKeyword(tokens, 1)) this.fail(lineNo, NOT_AN_ENTRY);
    const bytes = tokens.bytes;
    const start = tokens.starts[0];
    const end = tokens.ends[0];
    if (cleanFullPath(bytes, start, end)) {
      const mine = asciiInShare(this.share, bytes, start + 1, end);
      if (mine === false && !(this.keepVerify && this.hasBareWord(tokens))) return;
      const path3 = tokens.text(start + 1, end);
      if (mine === true || mine === void 0 && inShare(this.share, path3)) return this.insert(this.build(path3, tokens, lineNo));
      return this.elsewhere(path3, tokens, lineNo);
    }
    const raw = tokens.word(0);
    const name = decodeMtreeToken(raw);
    if (name === null) this.fail(lineNo, `malformed escape in name ${raw}`);
    if (name !== raw && countSlashes(name) !== countSlashes(raw)) this.fail(lineNo, `escaped / in name ${raw}`);
    const full = raw.includes("/");
    const cwd = this.dirs.length > 0 ? this.dirs[this.dirs.length - 1] : "/";
    const flat = fastNormalise(name);
    const path2 = full ? flat : normalisePath(cwd === "/" ? name : cwd + "/" + name);
    if (path2 === null || flat === null) this.fail(lineNo, `name ${raw} climbs above the root`);
    const placed = full || this.sawDotDot || path2 === flat;
    if (placed && !inShare(this.share, path2)) {
      if (!full && this.keywords.isDir(this.defaults, tokens, 1)) this.dirs.push(path2);
      return this.elsewhere(path2, tokens, lineNo);
    }
    const entry = this.build(path2, tokens, lineNo);
    if (full) return this.insert(entry);
    if (entry.type === "dir") this.dirs.push(path2);
    if (!placed) this.pending.push({ entry, flat });
    else this.insert(entry);
  }
  /**
   * A line whose path lies outside the share: another reader checks and keeps it. Only its
   * behaviour keywords matter here (see ManifestShare).
   */
  elsewhere(path2, tokens, lineNo) {
    if (!this.keepVerify || !this.hasBareWord(tokens)) return;
    const entry = this.build(path2, tokens, lineNo);
    if (entry.verify !== void 0) this.verifyElsewhere.push(entry);
  }
  /** Whether a line may carry behaviour keywords: they are bare words, on the line or in `/set`. */
  hasBareWord(tokens) {
    if (this.bareDefault) return true;
    for (let i = 1; i < tokens.count; i++) if (tokens.equals[i] === tokens.ends[i]) return true;
    return false;
  }
  /** Inserts an entry in the share, or passes it to `elsewhere`'s list. */
  place(entry) {
    if (inShare(this.share, entry.path)) this.insert(entry);
    else if (this.keepVerify && entry.verify !== void 0) this.verifyElsewhere.push(entry);
  }
  /** The entry at `path` from the keywords of the line (its words after the name). */
  build(path2, tokens, lineNo) {
    try {
      return this.keywords.entry(path2, this.defaults, tokens, 1);
    } catch (error) {
      if (error instanceof KeywordError) this.fail(lineNo, `${tokens.word(0)}: ${error.message}`);
      throw error;
    }
  }
  insert(entry) {
    const existing = this.tree.get(entry.path);
    if (existing !== void 0) {
      this.tree.set(entry.path, { ...existing, ...entry });
      if (this.lines) this.lines.valid = false;
      return;
    }
    if (this.sieve !== void 0 && this.sieve.drops(entry)) return;
    this.tree.set(entry.path, entry);
    if (this.lines === void 0) return;
    if (this.lineBytes === void 0) this.lines.addBlank();
    else this.lines.add(this.lineBytes, this.lineStart, this.lineEnd, this.defaultsKey);
  }
};
var SPACE = Buffer.from(" ");
var VERIFY_WORD = /[ \t](?:ignore|optional|nochange)(?=[ \t\r\n]|$)/;
var SEARCH_SLICE = 64 * 1024;
function hasVerifyWord(bytes) {
  for (let from = 0; from < bytes.length; from += SEARCH_SLICE) {
    if (VERIFY_WORD.test(bytes.toString("latin1", from, Math.min(bytes.length, from + SEARCH_SLICE + 16)))) return true;
  }
  return false;
}
function continues(bytes, start, end) {
  let count2 = 0;
  for (let i = end - 1; i >= start && bytes[i] === 92; i--) count2++;
  return count2 % 2 === 1;
}
async function readMtreeShare(source, name, reading) {
  const parser = new MtreeParser(name, reading);
  await eachByteLine(source, (bytes, start, end, lineNo) => parser.line(bytes, start, end, lineNo)).catch((error) => {
    throw asManifestError(error, name);
  });
  return parser.finish();
}

// src/manifest/read-manifest.ts
async function readManifestShare(source, name, reading) {
  let start = await readHead(source, 4096);
  let stream = rejoin(start, source);
  if (start.head.length >= 2 && start.head[0] === 31 && start.head[1] === 139) {
    const inflated = stream.pipe(import_node_zlib.default.createGunzip());
    stream.on("error", (error) => inflated.destroy(error));
    start = await readHead(inflated, 4096);
    stream = rejoin(start, inflated);
  }
  const first = start.head.toString("latin1").trimStart()[0];
  if (first === "{") return readJsonManifestShare(stream, name, reading);
  const read = await readMtreeShare(stream, name, reading);
  if (read.listed === 0) throw new ManifestFormatError(name, 0, "no entries: not a manifest (expected repro-check JSON or mtree)");
  return read;
}
async function readManifestFileShare(path2, name, reading) {
  const stats = await (0, import_promises.stat)(path2).catch(() => null);
  if (!stats?.isFile()) throw new InputError(`manifest ${name} does not exist or is not a file`);
  return readManifestShare((0, import_node_fs.createReadStream)(path2, { highWaterMark: 1024 * 1024 }), name, reading);
}

// src/check/drift-share.ts
async function driftShare(job) {
  const files = await Promise.all(job.settings.rules.map(readRulesFile));
  const rules = buildRules({ defaults: job.settings.defaultRules, files, ignore: job.settings.ignore });
  const trees = await readPair(job);
  return compareDrift(trees.baseline, trees.snapshot, {
    rules,
    clone: job.settings.clone,
    baselineName: job.baseline.name,
    snapshotName: job.snapshot.name,
    verifyElsewhere: trees.verifyElsewhere,
    leftOut: trees.leftOut,
    shared: !isWhole(job.share)
  });
}
async function readPair(job) {
  const lines = new LineArena(await shareBytes(job));
  const baseline = await readManifestFileShare(job.baseline.path, job.baseline.name, { share: job.share, lines });
  const keep = job.settings.clone ? cloneKeeps : void 0;
  const sieve = new EqualSieve(baseline.tree, keep, lines);
  const readSnapshot = (reading) => readManifestFileShare(job.snapshot.path, job.snapshot.name, reading);
  try {
    const snapshot = await readSnapshot({ share: job.share, verifyElsewhere: false, sieve });
    return { baseline: sieve.baseline(), snapshot: snapshot.tree, verifyElsewhere: baseline.verifyElsewhere, leftOut: sieve.leftOut };
  } catch (error) {
    if (!(error instanceof SieveGaveUp)) throw error;
    const snapshot = await readSnapshot({ share: job.share, verifyElsewhere: false });
    return { baseline: baseline.tree, snapshot: snapshot.tree, verifyElsewhere: baseline.verifyElsewhere, leftOut: 0 };
  }
}
async function shareBytes(job) {
  const size = await (0, import_promises2.stat)(job.baseline.path).then((s) => s.size, () => 0);
  return size * shareFraction(job.share) * 1.05;
}
async function readRulesFile(file) {
  try {
    return { name: file.name, text: await (0, import_promises2.readFile)(file.path, "utf8") };
  } catch (error) {
    throw new InputError(`rules file ${file.name} cannot be read: ${error.code ?? error.message}`);
  }
}

// src/check/drift-threads.ts
var THREADS_FROM_BYTES = 16 * 1024 * 1024;
function describeError(error) {
  if (error instanceof ManifestFormatError) return { name: error.name, message: error.message, file: error.file, line: error.line };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

// src/drift-worker.ts
driftShare(import_node_worker_threads.workerData).then(
  (report) => import_node_worker_threads.parentPort?.postMessage({ report }),
  (error) => import_node_worker_threads.parentPort?.postMessage({ error: describeError(error) })
);
