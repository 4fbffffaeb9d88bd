// Renders the app icons in public/ from the one mark in public/icon.svg: run `node scripts/render-icons.mjs`
// after changing it and commit the outputs. sharp (already a dependency, for avatars) draws the SVG.
import { readFileSync, writeFileSync } from "node:fs";
import sharp from "sharp";

const mark = readFileSync("public/icon.svg", "utf8");
// The same mark on a square that fills the whole canvas, smaller, for launchers that cut their own shape: a
// maskable icon must keep everything inside the central 80% circle, and iOS rounds the corners itself.
const fullBleed = mark
  .replace(/<rect [^>]*\/>/, '<rect width="32" height="32" fill="#6d28d9"/>')
  .replace(/(<path [^>]*\/>)/, '<g transform="translate(16 16) scale(0.72) translate(-16 -16)">$1</g>');

const png = (svg, size) => sharp(Buffer.from(svg), { density: 72 * Math.ceil(size / 32) }).resize(size, size).png().toBuffer();

/** An .ico holding PNG images (every browser since IE Vista reads them): a 6-byte header, one 16-byte entry each. */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map(({ data }) => data)]);
}

writeFileSync("public/icon-192.png", await png(mark, 192));
writeFileSync("public/icon-512.png", await png(mark, 512));
writeFileSync("public/icon-maskable-512.png", await png(fullBleed, 512));
writeFileSync("public/apple-touch-icon.png", await png(fullBleed, 180));
writeFileSync("public/favicon.ico", ico([{ size: 16, data: await png(mark, 16) }, { size: 32, data: await png(mark, 32) }, { size: 48, data: await png(mark, 48) }]));
