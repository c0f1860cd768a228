//! `bundle-without-dev`: Install only the production gems.

use super::{Applies, StepDoc};
use crate::optimize::doc::Action;
use crate::optimize::plan::Cx;
use crate::optimize::Safety;
use crate::stages::Stage;
use crate::syntax::Keyword;

pub const DOC: StepDoc = StepDoc {
    kind: "bundle-without-dev",
    title: "Install only the production gems",
    why: "`bundle install` installs every group of the Gemfile, development and test included: debuggers, test frameworks, linters, and the native extensions they compile. `bundle config set without 'development test'` before it leaves them out of the image that runs the app, and is remembered, so `bundle exec` there does not look for them.",
    example: "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\nCMD [\"ruby\", \"app.rb\"]\n",
    use_instead: "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle config set without 'development test' && bundle install\nCOPY . .\nCMD [\"ruby\", \"app.rb\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the app must not require a development or test gem when it runs (tests run in another stage or in CI); `bundle config set` needs Bundler 2.1 or later (Ruby 2.7 images and newer)"),
    applies: Applies::Default,
    example_context: &[],
};

pub(crate) fn find(cx: &mut Cx, st: &Stage) {
    // Groups already chosen, or a stage that runs tests or a development server.
    let chosen = st.instructions.iter().any(|&i| {
        let t = &cx.ins(i).text;
        t.contains("BUNDLE_WITHOUT")
            || t.contains("--without")
            || t.contains("set without")
            || t.contains("set --local without")
            || t.contains("BUNDLE_WITH=")
            || t.contains("RAILS_ENV=development")
            || t.contains("RAILS_ENV=test")
            || t.contains("rspec")
            || t.contains("rake test")
            || t.contains("rails test")
    });
    if chosen {
        return;
    }
    for &r in &st.instructions {
        if cx.ins(r).keyword != Keyword::Run {
            continue;
        }
        let Some(script) = cx.scripts[r].as_ref() else {
            continue;
        };
        let Some(start) = script
            .commands
            .iter()
            .find(|c| {
                c.name() == Some("bundle")
                    && matches!(c.subcommand(), Some("install") | None)
                    && !c.nested
            })
            .map(|c| c.span.start)
        else {
            continue;
        };
        let line = cx.ins(r).start_line;
        let at = cx.at(r, start);
        cx.add(
            DOC.kind,
            line,
            vec![line],
            "Install gems without the development and test groups",
            "This stage runs the app, so the Gemfile's development and test groups (debuggers, test frameworks, linters) are dead weight in it.",
            DOC.safety,
            DOC.check.map(String::from),
            vec![Action::Insert {
                at,
                text: "bundle config set without 'development test' && ".into(),
            }],
        );
        return;
    }
}
