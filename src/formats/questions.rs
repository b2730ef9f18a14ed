//! Question files: a skill's interview questions, written beside a skills guide
//! (`decks/sources/questions/NN-skill.toml`) and merged by `recall generate` into the
//! skill's deck. The cards are native-format cards (`[[cards]]`, with `key_points`); the
//! file names its skill and may reword the questions the guide's own cards ask.

use serde::Deserialize;
use toml::Spanned;

use super::native::{self, RawCard};
use super::{Lines, Problem, Problems};
use crate::core::model::{CardDraft, INTERVIEW_TAG, RESOURCES_TAG, Stage};
use crate::core::text::sanitize;

/// How the generated cards ask about the skill, where the default wording reads badly
/// ("What is Application in Finance?").
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// The front of the definition card.
    pub definition: Option<String>,
    /// The front of the real-world usage card.
    pub usage: Option<String>,
}

/// One question file: its skill, wording and questions, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionSet {
    /// The skill's name exactly as the guide's `####` heading gives it.
    pub skill: String,
    /// Line of `skill = …`, for messages about it.
    pub skill_line: usize,
    pub wording: Wording,
    /// Every card tagged `interview`.
    pub cards: Vec<CardDraft>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    skill: Option<Spanned<String>>,
    #[serde(default)]
    wording: Wording,
    #[serde(default)]
    cards: Vec<Spanned<RawCard>>,
}

/// Parses a question file; `file` names it in messages. Every card needs an `id`, so that
/// its progress survives any edit of its text.
pub fn parse(text: &str, file: &str) -> Result<QuestionSet, Problems> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| super::line_of(text, s.start));
        Problems::one(file, line, e.message().trim().to_string())
    })?;
    let lines = Lines::new(text);
    let Some(skill) = raw.skill.filter(|s| !s.get_ref().trim().is_empty()) else {
        return Err(Problems::one(
            file,
            Some(1),
            "expected `skill = \"…\"`: the skill's name as the guide's #### heading gives it",
        ));
    };
    let skill_line = lines.line(skill.span().start);
    let skill = sanitize(skill.get_ref()).trim().to_string();
    let mut problems = Vec::new();
    let mut cards = Vec::with_capacity(raw.cards.len());
    for spanned in &raw.cards {
        let line = lines.line(spanned.span().start);
        match question(spanned.get_ref(), &skill, &lines) {
            Ok(card) if cards.iter().any(|c: &CardDraft| c.guid == card.guid) => {
                problems.push(Problem::new(
                    file,
                    Some(line),
                    format!("duplicate card id `{}`", card.guid),
                ));
            }
            Ok(card) => cards.push(card),
            Err((l, m)) => problems.push(Problem::new(file, Some(l.unwrap_or(line)), m)),
        }
    }
    if cards.is_empty() && problems.is_empty() {
        problems.push(Problem::new(file, None, "the file has no `[[cards]]`"));
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    Ok(QuestionSet {
        skill,
        skill_line,
        wording: clean_wording(raw.wording),
        cards,
    })
}

fn question(raw: &RawCard, skill: &str, lines: &Lines) -> Result<CardDraft, native::CardError> {
    if !raw.has_id() {
        return Err((
            None,
            "a question needs an `id` (it keeps its progress)".into(),
        ));
    }
    if let Some(at) = raw.reverse_at() {
        return Err((
            Some(lines.line(at)),
            "`reverse` is for deck files; an interview question is asked one way".into(),
        ));
    }
    let mut card = native::card(raw, skill, lines, Stage::Beginner)?;
    if card.tags.iter().any(|t| t == RESOURCES_TAG) {
        return Err((
            None,
            format!(
                "`{}`: the `{RESOURCES_TAG}` tag marks cards that are not about the skill (they never count toward its level); name the topic another way",
                card.guid
            ),
        ));
    }
    if !card.tags.iter().any(|t| t == INTERVIEW_TAG) {
        card.tags.push(INTERVIEW_TAG.to_string());
    }
    Ok(card)
}

fn clean_wording(w: Wording) -> Wording {
    let clean = |s: Option<String>| {
        s.map(|s| sanitize(&s).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    Wording {
        definition: clean(w.definition),
        usage: clean(w.usage),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{CardKind, KeyPoint};

    const GOOD: &str = r#"
skill = "SQL"

[wording]
usage = "Where does SQL fit in an ML workflow?"

[[cards]]
id = "sql/q/where-vs-having"
stage = "intermediate"
front = "In SQL, what is the difference between WHERE and HAVING?"
back = "WHERE filters rows before grouping; HAVING filters groups after aggregation."
key_points = [["WHERE filters rows before grouping"], ["HAVING filters groups after aggregation", "HAVING runs after GROUP BY"]]
tags = ["aggregation", "comparison"]

[[cards]]
id = "sql/q/count-star"
kind = "choice"
front = "Which expression counts every row of a group?"
back = "COUNT(*)"
choices = ["COUNT(email)", "COUNT(DISTINCT email)", "SUM(1 = 0)"]
key_points = [["COUNT(*)"], ["counts rows, not values"]]
"#;

    #[test]
    fn questions_keep_their_ids_stages_and_key_points() {
        let set = parse(GOOD, "q.toml").unwrap();
        assert_eq!(set.skill, "SQL");
        assert_eq!(set.skill_line, 2);
        assert_eq!(
            set.wording.usage.as_deref(),
            Some("Where does SQL fit in an ML workflow?")
        );
        assert_eq!(set.wording.definition, None);
        let [first, second] = &set.cards[..] else {
            panic!("two cards")
        };
        assert_eq!(first.guid, "sql/q/where-vs-having");
        assert_eq!(first.stage, Stage::Intermediate);
        assert_eq!(first.tags, ["aggregation", "comparison", "interview"]);
        assert_eq!(
            first.key_points[1],
            KeyPoint(vec![
                "HAVING filters groups after aggregation".into(),
                "HAVING runs after GROUP BY".into()
            ])
        );
        assert_eq!(
            (second.kind, second.stage),
            (CardKind::Choice, Stage::Beginner)
        );
        assert_eq!(second.tags, ["interview"]);
    }

    #[test]
    fn a_question_without_an_id_is_refused_with_its_line() {
        let text = "skill = \"SQL\"\n\n[[cards]]\nfront = \"q\"\nback = \"a\"\n";
        let e = parse(text, "q.toml").unwrap_err().to_string();
        assert!(e.starts_with("q.toml:3: a question needs an `id`"), "{e}");
    }

    #[test]
    fn a_question_may_not_be_tagged_resources() {
        let text = "skill = \"K8s\"\n\n[[cards]]\nid = \"k/q/a\"\nfront = \"q\"\nback = \"a\"\ntags = [\"resources\"]\n";
        let e = parse(text, "q.toml").unwrap_err().to_string();
        assert!(
            e.starts_with("q.toml:3: `k/q/a`: the `resources` tag marks"),
            "{e}"
        );
    }

    #[test]
    fn a_file_without_its_skill_says_what_it_expected() {
        let e = parse(
            "[[cards]]\nid = \"a\"\nfront = \"q\"\nback = \"a\"\n",
            "q.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("expected `skill = "), "{e}");
    }

    #[test]
    fn unknown_fields_and_empty_key_points_are_errors() {
        let e = parse("skill = \"S\"\nwordng = 1\n", "q.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("q.toml:2:"), "{e}");
        let text = "skill = \"S\"\n[[cards]]\nid = \"s/q/a\"\nfront = \"q\"\nback = \"a\"\nkey_points = [[\" \"]]\n";
        let e = parse(text, "q.toml").unwrap_err().to_string();
        assert!(e.contains("key point 1 has no phrasing"), "{e}");
    }
}
