/* Draws the tab bar icons (81×81 PNG, line style) into assets/tabbar/ and the default avatar. Run: node scripts/make-tab-icons.js */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZE = 81;
const STROKE = 0.035; // half line width, in units of the icon size
const GREY = [122, 126, 131];
const RED = [192, 57, 43];

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function polyline(points) {
  return (x, y) => {
    let best = Infinity;
    for (let i = 0; i + 1 < points.length; i += 1) best = Math.min(best, segmentDistance(x, y, points[i], points[i + 1]));
    return best;
  };
}

function circle(cx, cy, r) {
  return (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r);
}

function rect(x0, y0, x1, y1) {
  return polyline([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]);
}

function arc(cx, cy, rx, ry, from, to, steps) {
  const points = [];
  for (let i = 0; i <= steps; i += 1) {
    const a = from + ((to - from) * i) / steps;
    points.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return polyline(points);
}

const ICONS = {
  home: [polyline([[0.12, 0.5], [0.5, 0.16], [0.88, 0.5]]), polyline([[0.24, 0.42], [0.24, 0.86], [0.76, 0.86], [0.76, 0.42]]), rect(0.42, 0.62, 0.58, 0.86)],
  category: [rect(0.16, 0.16, 0.44, 0.44), rect(0.56, 0.16, 0.84, 0.44), rect(0.16, 0.56, 0.44, 0.84), rect(0.56, 0.56, 0.84, 0.84)],
  cart: [polyline([[0.08, 0.18], [0.22, 0.18], [0.32, 0.64], [0.8, 0.64], [0.9, 0.3], [0.26, 0.3]]), circle(0.38, 0.8, 0.06), circle(0.74, 0.8, 0.06)],
  user: [circle(0.5, 0.34, 0.16), arc(0.5, 0.9, 0.32, 0.3, Math.PI, 2 * Math.PI, 24), polyline([[0.18, 0.9], [0.82, 0.9]])],
};

function crc32(buf) {
  let c;
  let crc = 0xffffffff;
  for (let n = 0; n < buf.length; n += 1) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(shapes, [r, g, b], background) {
  const rows = [];
  const SAMPLES = 4;
  for (let y = 0; y < SIZE; y += 1) {
    const row = Buffer.alloc(1 + SIZE * 4);
    for (let x = 0; x < SIZE; x += 1) {
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const u = (x + (sx + 0.5) / SAMPLES) / SIZE;
          const v = (y + (sy + 0.5) / SAMPLES) / SIZE;
          if (shapes.some((shape) => shape(u, v) <= STROKE)) covered += 1;
        }
      }
      const alpha = Math.round((255 * covered) / (SAMPLES * SAMPLES));
      if (background) {
        const mix = (fg, bg) => Math.round((fg * alpha + bg * (255 - alpha)) / 255);
        row.set([mix(r, background[0]), mix(g, background[1]), mix(b, background[2]), 255], 1 + x * 4);
      } else {
        row.set([r, g, b, alpha], 1 + x * 4);
      }
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = path.join(__dirname, '..', 'assets', 'tabbar');
fs.mkdirSync(outDir, { recursive: true });
Object.keys(ICONS).forEach((name) => {
  fs.writeFileSync(path.join(outDir, `${name}.png`), png(ICONS[name], GREY));
  fs.writeFileSync(path.join(outDir, `${name}-active.png`), png(ICONS[name], RED));
});
const avatar = [circle(0.5, 0.38, 0.14), arc(0.5, 0.86, 0.28, 0.26, Math.PI, 2 * Math.PI, 24), polyline([[0.22, 0.86], [0.78, 0.86]])];
fs.writeFileSync(path.join(outDir, '..', 'avatar-default.png'), png(avatar, [190, 190, 190], [238, 238, 238]));
console.log(`icons written to ${outDir}`);
