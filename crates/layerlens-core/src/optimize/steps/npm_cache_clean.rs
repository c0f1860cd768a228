use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "npm-cache-clean",
    title: "Empty npm's cache in the same RUN",
    why: "npm keeps a copy of every package tarball it fetched in ~/.npm. `npm cache clean --force` in the same RUN leaves it out of the layer.",
    example: "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    use_instead: "FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm install && npm cache clean --force\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    safety: Safety::Safe,
    check: None,
    applies: Applies::Default,
    example_context: &[],
};
