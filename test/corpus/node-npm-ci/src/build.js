// A minimal "bundler": copies the sources into dist/ and writes a small manifest of them.
const fs = require('fs');
const path = require('path');
const out = path.join(__dirname, '..', 'dist');
fs.mkdirSync(out, { recursive: true });
const files = fs.readdirSync(__dirname).filter((name) => name !== 'build.js').sort();
for (const name of files) fs.copyFileSync(path.join(__dirname, name), path.join(out, name));
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ files }, null, 2) + '\n');
