import { gzipSave } from './gzip-save.js';
const t0 = Date.now();
const [a, b] = await Promise.all(process.argv.slice(2).map((tag) => gzipSave(tag, '/tmp/h16/gz')));
console.log(JSON.stringify([a, b]), Date.now() - t0);
