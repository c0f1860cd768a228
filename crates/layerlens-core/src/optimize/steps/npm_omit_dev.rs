use super::{Applies, StepDoc};
use crate::optimize::Safety;

pub const DOC: StepDoc = StepDoc {
    kind: "npm-omit-dev",
    title: "Install only production dependencies",
    why: "devDependencies are build and test tools — bundlers, compilers, linters, test runners — often several times the size of what the app needs to run. `npm ci --omit=dev` leaves them out of an image that only runs the app.",
    example: "FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci && npm cache clean --force\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    use_instead: "FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the app must not load a devDependency at run time (a build step must run before, in a builder stage)"),
    applies: Applies::Default,
    example_context: &[],
};
