//! `composer install` in the image that runs the app, without `--no-dev`.

use super::{Applies, StepDoc};
use crate::optimize::doc::Action;
use crate::optimize::plan::Cx;
use crate::optimize::Safety;
use crate::stages::Stage;
use crate::syntax::Keyword;

pub const DOC: StepDoc = StepDoc {
    kind: "composer-no-dev",
    title: "Install only production dependencies with Composer",
    why: "`composer install` also installs require-dev: test frameworks, static analysers, debug tools — often more than the app's own dependencies. `--no-dev` leaves them out of the image that runs the app; `--optimize-autoloader` makes class loading faster there.",
    example: "FROM php:8.3-apache\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nWORKDIR /var/www/html\nCOPY . .\nRUN composer install\n",
    use_instead: "FROM php:8.3-apache\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nWORKDIR /var/www/html\nCOPY . .\nRUN composer install --no-dev --optimize-autoloader\n",
    safety: Safety::NeedsCheck,
    check: Some("the app must not load a require-dev package at run time (a debug bar, a faker in seeders run in production)"),
    applies: Applies::Default,
    example_context: &[],
};

pub(crate) fn find(cx: &mut Cx, st: &Stage) {
    for &r in &st.instructions {
        if cx.ins(r).keyword != Keyword::Run {
            continue;
        }
        let Some(script) = cx.scripts[r].as_ref() else {
            continue;
        };
        let found: Vec<(usize, usize)> = script
            .commands
            .iter()
            .filter(|c| {
                c.name().is_some_and(|n| {
                    n == "composer" || n.ends_with("/composer") || n == "composer.phar"
                }) && matches!(c.subcommand(), Some("install"))
                    && !c.has_any_flag(&["--no-dev", "--dev"])
            })
            .map(|c| (c.span.start, c.span.end))
            .collect();
        for (_, end) in found {
            let line = cx.ins(r).start_line;
            let at = cx.at(r, end);
            cx.add(
                DOC.kind,
                line,
                vec![line],
                "`composer install --no-dev`",
                "This stage runs the app, so Composer's require-dev packages (tests, analysers, debug tools) are dead weight in it.",
                DOC.safety,
            DOC.check.map(String::from),
                vec![Action::Insert { at, text: " --no-dev --optimize-autoloader".into() }],
            );
        }
    }
}
