// The generated 2,000-line Dockerfile the keystroke benchmarks type into: in Chromium
// (app-bench.mjs) and natively (crates/layerlens-core/benches/keystroke.rs, which runs this file
// with node to get the same text).
//
//   node tests/e2e/big-dockerfile.mjs [LINES]     prints it

import { fileURLToPath } from 'node:url';

/** A realistic 2,000-line Dockerfile: several stages of apt-get, pip and npm installs with
 *  continuation lines, COPY, ENV, LABEL, ARG, WORKDIR and comments; the last stage copies from
 *  the others. Deterministic, so runs compare. */
export function bigDockerfile(lines = 2000) {
  const bases = ['debian:bookworm-slim', 'python:3.12-slim', 'node:20-bookworm', 'golang:1.22-bookworm', 'ubuntu:22.04'];
  const apt = ['curl', 'ca-certificates', 'git', 'build-essential', 'libpq-dev', 'libssl-dev', 'zlib1g-dev', 'pkg-config', 'unzip', 'jq', 'tzdata', 'locales', 'gnupg', 'openssh-client', 'libffi-dev', 'libxml2-dev'];
  const pip = ['requests==2.32.3', 'flask==3.0.3', 'numpy==1.26.4', 'pandas==2.2.2', 'sqlalchemy==2.0.31', 'psycopg2-binary==2.9.9', 'gunicorn==22.0.0', 'pydantic==2.8.2', 'celery==5.4.0', 'redis==5.0.7'];
  const npm = ['express@4.19.2', 'lodash@4.17.21', 'react@18.3.1', 'typescript@5.5.4', 'webpack@5.93.0', 'axios@1.7.3', 'zod@3.23.8', 'pino@9.3.2'];
  const out = [];
  const stage = (k) => {
    const b = [];
    const name = `stage${k}`;
    b.push(`# ---- ${name}: dependencies and build ----`, `FROM ${bases[k % bases.length]} AS ${name}`, `ARG VERSION_${k}=1.${k}.0`,
      `LABEL org.opencontainers.image.title="${name}" org.opencontainers.image.version="1.${k}.0"`, `WORKDIR /src/${name}`,
      `ENV APP_HOME=/src/${name} PATH=/src/${name}/bin:$PATH LANG=C.UTF-8`);
    for (let i = 0; i < 12; i++) {
      b.push(`# step ${i} of ${name}: system packages, then language packages`);
      b.push('RUN apt-get update \\', '    && apt-get install -y --no-install-recommends \\');
      for (let j = 0; j < 4; j++) b.push(`       ${apt[(k * 7 + i * 4 + j) % apt.length]} \\`);
      b.push('    && rm -rf /var/lib/apt/lists/*');
      b.push(`RUN pip install --no-cache-dir ${pip[(k + i) % pip.length]} ${pip[(k + i + 3) % pip.length]}`);
      b.push(`RUN npm install --omit=dev ${npm[(k + i) % npm.length]}`);
      b.push(`COPY src/${name}/part${i}/ ./part${i}/`);
      b.push(`ENV PART_${i}_ENABLED=1`);
    }
    b.push(`RUN make -C /src/${name} build && make -C /src/${name} test`, '');
    return b;
  };
  const tail = [
    '# ---- final image ----', 'FROM debian:bookworm-slim', 'WORKDIR /app',
    'COPY --from=stage0 /src/stage0/bin/ /app/bin/', 'COPY --from=stage1 /src/stage1/bin/ /app/bin/',
    'USER 1000:1000', 'EXPOSE 8080', 'CMD ["/app/bin/server"]',
  ];
  for (let k = 0; ; k++) {
    const b = stage(k);
    if (out.length + b.length > lines - tail.length) break;
    out.push(...b);
  }
  while (out.length < lines - tail.length) out.push(`# padding comment ${out.length + 1}`);
  out.push(...tail);
  return `${out.join('\n')}\n`;
}

/** What a person pastes that issue 16 measured: 3,000 lines, 1,500 RUNs (apt and echo) each
 *  followed by an ENV, on one Debian base — past Docker's 127-layer limit, with thousands of
 *  findings. Used by tests/e2e/work.test.mjs and app-bench.mjs. */
export function pastedDockerfile() {
  const lines = ['FROM debian:bookworm-slim'];
  for (let i = 0; i < 1500; i++) {
    lines.push(i % 2 ? `RUN echo step ${i} > /tmp/f${i}` : `RUN apt-get update && apt-get install -y curl${i % 5 ? '' : ' git'}`);
    lines.push(`ENV STEP_${i}=${i}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Puts `text` in the page's editor the way a paste leaves it: the text, the caret at its end and
 *  the view scrolled there, one input event. (Playwright's `insertText` types a multi-line text
 *  line by line: 13 s for the pasted file above.) */
export function pasteInto(page, text) {
  return page.evaluate((t) => {
    const ta = document.querySelector('textarea');
    ta.value = t;
    ta.setSelectionRange(t.length, t.length);
    ta.scrollTop = ta.scrollHeight;
    ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(bigDockerfile(Number(process.argv[2]) || 2000));
}
