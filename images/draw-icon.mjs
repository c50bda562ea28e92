// Draws images/icon.png (128x128): a brick firewall that an outgoing connection (green, left to right)
// passes while its reply (red, right to left) is stopped at the wall — the mistake the linter finds.
// Plain Node: shapes as coverage tests, 4x4 supersampling for smooth edges, PNG written by hand with zlib.
// Run: node images/draw-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

const navy = [22, 50, 79];
const brick = [217, 98, 43];
const mortar = [120, 52, 24];
const green = [76, 195, 138];
const red = [239, 91, 91];

function insideRoundedSquare(x, y, radius) {
  const cx = Math.min(Math.max(x, radius), SIZE - radius);
  const cy = Math.min(Math.max(y, radius), SIZE - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

const WALL = { left: 52, right: 76, top: 16, bottom: 112 };
const BRICK_HEIGHT = 12;

function wallColor(x, y) {
  if (x < WALL.left || x >= WALL.right || y < WALL.top || y >= WALL.bottom) return null;
  const row = Math.floor((y - WALL.top) / BRICK_HEIGHT);
  const inRow = (y - WALL.top) % BRICK_HEIGHT;
  // Every other row is shifted by half a brick, like a real wall.
  const jointX = row % 2 === 0 ? WALL.left + 12 : WALL.left + 6;
  const isJoint = inRow < 1.5 || Math.abs(x - jointX) < 0.75 || (row % 2 === 1 && Math.abs(x - (jointX + 12)) < 0.75);
  return isJoint ? mortar : brick;
}

// A horizontal arrow: shaft from tail to the base of the head, then a triangle to the tip.
function insideArrow(x, y, { tailX, tipX, centerY, shaftHalf, headHalf, headLength }) {
  const direction = Math.sign(tipX - tailX);
  const along = (x - tailX) * direction;
  const length = (tipX - tailX) * direction;
  const across = Math.abs(y - centerY);
  if (along < 0 || along > length) return false;
  if (along <= length - headLength) return across <= shaftHalf;
  return across <= headHalf * ((length - along) / headLength);
}

const outgoing = { tailX: 14, tipX: 118, centerY: 42, shaftHalf: 5, headHalf: 13, headLength: 16 };
const reply = { tailX: 116, tipX: 78, centerY: 86, shaftHalf: 5, headHalf: 13, headLength: 16 };

function sampleColor(x, y) {
  if (!insideRoundedSquare(x, y, 26)) return null;
  if (insideArrow(x, y, outgoing)) return green;
  if (insideArrow(x, y, reply)) return red;
  return wallColor(x, y) ?? navy;
}

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, covered = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const color = sampleColor(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
        if (!color) continue;
        r += color[0]; g += color[1]; b += color[2]; covered++;
      }
    }
    const at = (py * SIZE + px) * 4;
    if (covered > 0) {
      rgba[at] = Math.round(r / covered);
      rgba[at + 1] = Math.round(g / covered);
      rgba[at + 2] = Math.round(b / covered);
    }
    rgba[at + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
  }
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, checksum]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
// Each scanline starts with filter type 0 (none).
const scanlines = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) rgba.copy(scanlines, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(scanlines, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
