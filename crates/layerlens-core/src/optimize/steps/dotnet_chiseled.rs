//! `dotnet-chiseled`: Run a .NET app on Microsoft's chiseled image.

use super::{Applies, StepDoc};
use crate::optimize::doc::Action;
use crate::optimize::plan::{from_image, name_tag, start_command, Cx};
use crate::optimize::Safety;
use crate::stages::Stage;
use crate::syntax::{Args, CommandForm, Keyword};

pub const DOC: StepDoc = StepDoc {
    kind: "dotnet-chiseled",
    title: "Run a .NET app on the chiseled image",
    why: "Microsoft's chiseled .NET images (`aspnet:8.0-jammy-chiseled`) are Ubuntu cut down to what the runtime loads: no shell, no package manager, about half of the Debian-based `aspnet:8.0`. They run as the non-root user `app` by default.",
    example: "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\n\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY --from=build /app .\nENTRYPOINT [\"dotnet\", \"App.dll\"]\n",
    use_instead: "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\n\nFROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nWORKDIR /app\nCOPY --from=build /app .\nENTRYPOINT [\"dotnet\", \"App.dll\"]\n",
    safety: Safety::NeedsCheck,
    check: Some("the app runs as the non-root user `app` (uid 1654) and must not write where only root may or bind ports below 1024 (ASP.NET listens on 8080 since .NET 8); there is no shell for HEALTHCHECK scripts or `docker exec`; ICU is not included (globalization-invariant mode, or the `-extra` tag)"),
    applies: Applies::OptIn,
    example_context: &[],
};

pub(crate) fn find(cx: &mut Cx, st: &Stage) {
    let Some((reference, start, end)) = from_image(cx, st) else {
        return;
    };
    let (name, tag) = name_tag(&reference);
    let Some(image) = name.strip_prefix("mcr.microsoft.com/dotnet/") else {
        return;
    };
    if !matches!(image, "aspnet" | "runtime" | "runtime-deps") {
        return;
    }
    // A Debian tag of a .NET release: `8.0`, `8.0-bookworm-slim`, `8.0.11`.
    let version: String = tag
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let major: u32 = version
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    let rest = &tag[version.len()..];
    if major < 6 || !(rest.is_empty() || rest.contains("bookworm") || rest.contains("bullseye")) {
        return;
    }
    let minor = version.split('.').take(2).collect::<Vec<_>>().join(".");
    // No shell and no package manager: nothing may run in it, and the start command must be
    // in exec form.
    let runs = st.instructions.iter().any(|&i| {
        let ins = cx.ins(i);
        matches!(
            ins.keyword,
            Keyword::Run | Keyword::Onbuild | Keyword::Shell
        ) || (matches!(
            ins.keyword,
            Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
        ) && matches!(ins.args, Args::Command(CommandForm::Shell { .. })))
            || (ins.keyword == Keyword::Healthcheck && ins.text.contains("CMD"))
    });
    if runs || start_command(cx, st).is_none() {
        return;
    }
    let distro = if major >= 9 { "noble" } else { "jammy" };
    let chiseled = format!("mcr.microsoft.com/dotnet/{image}:{minor}-{distro}-chiseled");
    let line = cx.ins(st.from).start_line;
    cx.add(
        DOC.kind,
        line,
        vec![line],
        format!("Run on `{chiseled}`"),
        format!("`{reference}` is Debian with a shell and apt; the chiseled image holds what the .NET runtime loads and nothing else."),
        DOC.safety,
        DOC.check.map(String::from),
        vec![Action::Replace { start, end, text: chiseled }],
    );
}
