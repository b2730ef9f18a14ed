//! The skills guide (the seed's Markdown shape) parsed into skills, and skills turned into decks.
//!
//! Shape: `#` title, `##` area, `###` category, `####` skill, then the bold-labelled sections
//! **Definition:**, **Real-World Usage:**, **Progressive Learning Path:** (Beginner,
//! Intermediate and Advanced steps), **Resources:** (Books, Courses, Projects,
//! Certifications) and **Proficiency Demonstration:**.

use super::questions::{QuestionSet, Wording};
use super::{Problem, Problems, slug};
use crate::core::cloze;
use crate::core::grade::normalize;
use crate::core::model::{CardDraft, CardKind, DeckDraft, RESOURCES_TAG, Stage};
use crate::core::text::sanitize;

/// One skill of the guide, with every section it must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    pub area: String,
    pub category: String,
    pub name: String,
    /// Line of the `####` heading.
    pub line: usize,
    pub definition: String,
    pub usage: String,
    /// Beginner, Intermediate and Advanced steps.
    pub path: [String; 3],
    pub books: String,
    pub courses: String,
    pub projects: String,
    pub certifications: String,
    pub proficiency: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    pub title: Option<String>,
    pub skills: Vec<Skill>,
}

/// The bold-labelled sections of a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Definition,
    Usage,
    Path,
    Resources,
    Proficiency,
}

const SECTIONS: &[(&str, Section)] = &[
    ("Definition", Section::Definition),
    ("Real-World Usage", Section::Usage),
    ("Progressive Learning Path", Section::Path),
    ("Resources", Section::Resources),
    ("Proficiency Demonstration", Section::Proficiency),
];

const RESOURCE_KINDS: [&str; 4] = ["Books", "Courses", "Projects", "Certifications"];

/// A skill being read: sections as found, with the line where each began.
#[derive(Default)]
struct Draft {
    name: String,
    line: usize,
    area: String,
    category: String,
    definition: Option<String>,
    usage: Option<String>,
    proficiency: Option<String>,
    path_seen: bool,
    path: [Option<String>; 3],
    resources_seen: bool,
    resources: [Option<String>; 4],
    /// The text field that continuation lines extend.
    open: Option<Section>,
}

struct Parser<'a> {
    file: &'a str,
    problems: Vec<Problem>,
    title: Option<String>,
    area: Option<String>,
    category: Option<String>,
    skill: Option<Draft>,
    skills: Vec<Skill>,
}

/// Parses a guide; every problem in it is reported at once, each with its line.
pub fn parse(text: &str, file: &str) -> Result<Guide, Problems> {
    let mut p = Parser {
        file,
        problems: Vec::new(),
        title: None,
        area: None,
        category: None,
        skill: None,
        skills: Vec::new(),
    };
    for (i, raw) in text.lines().enumerate() {
        p.line(i + 1, &sanitize(raw));
    }
    p.close_skill();
    if p.skills.is_empty() && p.problems.is_empty() {
        p.problem(
            1,
            "no skills found: expected `#### Skill` headings under `## Area` and `### Category`"
                .into(),
        );
    }
    p.check_unique_slugs();
    if p.problems.is_empty() {
        Ok(Guide {
            title: p.title,
            skills: p.skills,
        })
    } else {
        Err(Problems(p.problems))
    }
}

impl Parser<'_> {
    fn problem(&mut self, line: usize, message: String) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line: Some(line),
            message,
        });
    }

    fn line(&mut self, n: usize, line: &str) {
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            self.heading(n, trimmed);
        } else if trimmed == "---" || trimmed == "***" {
            // A rule ends the skill; what follows it up to the next heading is prose.
            self.close_skill();
        } else if trimmed.is_empty() {
            if let Some(s) = self.skill.as_mut() {
                s.open = None;
            }
        } else if self.skill.is_some() {
            self.skill_line(n, trimmed);
        }
        // Text outside any skill (introductions, closing words) is not part of a deck.
    }

    fn heading(&mut self, n: usize, line: &str) {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        let text = line[hashes..].trim();
        if !line[hashes..].starts_with(' ') || text.is_empty() || hashes > 4 {
            self.problem(
                n,
                format!("malformed heading `{line}`: expected `# Title`, `## Area`, `### Category` or `#### Skill`, with a space after the #s"),
            );
            return;
        }
        let text = text.to_string();
        match hashes {
            1 => {
                self.close_skill();
                if self.title.is_some() || self.area.is_some() {
                    self.problem(n, "a second `#` title: areas are `##` headings".into());
                }
                self.title = Some(text);
            }
            2 => {
                self.close_skill();
                self.area = Some(text);
                self.category = None;
            }
            3 => {
                self.close_skill();
                if self.area.is_none() {
                    self.problem(
                        n,
                        format!("category `{text}` comes before any `## Area` heading"),
                    );
                }
                self.category = Some(text);
            }
            _ => {
                self.close_skill();
                let (Some(area), Some(category)) = (self.area.clone(), self.category.clone())
                else {
                    self.problem(n, format!("skill `{text}` must sit under an `## Area` and a `### Category` heading"));
                    return;
                };
                self.skill = Some(Draft {
                    name: text,
                    line: n,
                    area,
                    category,
                    ..Draft::default()
                });
            }
        }
    }

    fn skill_line(&mut self, n: usize, line: &str) {
        if let Some(rest) = line.strip_prefix("**") {
            return self.section_start(n, rest);
        }
        let Some(skill) = self.skill.as_mut() else {
            return;
        };
        let item = list_item(line);
        let result = match (skill.open, item) {
            (Some(Section::Path), Some(item)) => path_step(skill, item),
            (Some(Section::Resources), Some(item)) => resource(skill, item),
            (Some(section @ (Section::Definition | Section::Usage | Section::Proficiency)), _) => {
                if let Some(text) = field_mut(skill, section) {
                    text.push(' ');
                    text.push_str(line);
                }
                Ok(())
            }
            _ => Err(format!(
                "`{}` belongs to no section of skill `{}`; sections start with a bold label such as **Definition:**",
                crate::core::text::truncate(line, 40),
                skill.name
            )),
        };
        if let Err(m) = result {
            self.problem(n, m);
        }
    }

    fn section_start(&mut self, n: usize, rest: &str) {
        let Some((label, after)) = rest.split_once(":**") else {
            self.problem(
                n,
                format!(
                    "expected a section label like `**Definition:**`, found `**{}`",
                    crate::core::text::truncate(rest, 40)
                ),
            );
            return;
        };
        let label = label.trim();
        let Some(&(_, section)) = SECTIONS.iter().find(|(l, _)| l.eq_ignore_ascii_case(label))
        else {
            let known: Vec<String> = SECTIONS.iter().map(|(l, _)| format!("**{l}:**")).collect();
            self.problem(
                n,
                format!(
                    "unknown section `**{label}:**`; expected one of {}",
                    known.join(", ")
                ),
            );
            return;
        };
        let Some(skill) = self.skill.as_mut() else {
            return;
        };
        let after = after.trim().to_string();
        let duplicate = match section {
            Section::Path => std::mem::replace(&mut skill.path_seen, true),
            Section::Resources => std::mem::replace(&mut skill.resources_seen, true),
            text => {
                let slot = match text {
                    Section::Definition => &mut skill.definition,
                    Section::Usage => &mut skill.usage,
                    _ => &mut skill.proficiency,
                };
                slot.replace(after).is_some()
            }
        };
        skill.open = Some(section);
        if duplicate {
            let name = skill.name.clone();
            self.problem(
                n,
                format!("skill `{name}` has a second **{label}:** section"),
            );
        }
    }

    /// Checks the finished skill has every section, and keeps it.
    fn close_skill(&mut self) {
        let Some(d) = self.skill.take() else { return };
        let mut missing: Vec<String> = Vec::new();
        let mut need = |value: &Option<String>, what: &str| -> String {
            match value {
                Some(v) if !v.trim().is_empty() => v.trim().to_string(),
                _ => {
                    missing.push(what.to_string());
                    String::new()
                }
            }
        };
        let definition = need(&d.definition, "**Definition:**");
        let usage = need(&d.usage, "**Real-World Usage:**");
        let path = [
            need(
                &d.path[0],
                "the Beginner step of **Progressive Learning Path:**",
            ),
            need(
                &d.path[1],
                "the Intermediate step of **Progressive Learning Path:**",
            ),
            need(
                &d.path[2],
                "the Advanced step of **Progressive Learning Path:**",
            ),
        ];
        let res: Vec<String> = RESOURCE_KINDS
            .iter()
            .zip(&d.resources)
            .map(|(kind, v)| need(v, &format!("`- {kind}:` under **Resources:**")))
            .collect();
        let proficiency = need(&d.proficiency, "**Proficiency Demonstration:**");
        if !missing.is_empty() {
            let msg = format!("skill `{}` has no {}", d.name, missing.join(", no "));
            self.problem(d.line, msg);
            return;
        }
        let [books, courses, projects, certifications]: [String; 4] =
            res.try_into().unwrap_or_default();
        self.skills.push(Skill {
            area: d.area,
            category: d.category,
            name: d.name,
            line: d.line,
            definition,
            usage,
            path,
            books,
            courses,
            projects,
            certifications,
            proficiency,
        });
    }

    fn check_unique_slugs(&mut self) {
        let mut seen: Vec<(String, usize)> = Vec::new();
        let mut dups = Vec::new();
        for s in &self.skills {
            let sl = slug(&s.name);
            match seen.iter().find(|(x, _)| *x == sl) {
                Some((_, first)) => dups.push((s.line, format!("skill `{}` has the same id `{sl}` as the skill on line {first}; rename one", s.name))),
                None => seen.push((sl, s.line)),
            }
        }
        for (line, m) in dups {
            self.problem(line, m);
        }
    }
}

/// `1. text`, `- text` or `* text` → `text`.
fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some(rest.trim());
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten()
        .map(str::trim)
}

fn field_mut(d: &mut Draft, s: Section) -> Option<&mut String> {
    match s {
        Section::Definition => d.definition.as_mut(),
        Section::Usage => d.usage.as_mut(),
        Section::Proficiency => d.proficiency.as_mut(),
        _ => None,
    }
}

/// `Label: text` → (`Label`, `text`).
fn labelled(item: &str) -> Option<(&str, &str)> {
    let (label, text) = item.split_once(':')?;
    Some((label.trim(), text.trim()))
}

fn path_step(d: &mut Draft, item: &str) -> Result<(), String> {
    let (label, text) = labelled(item).ok_or_else(|| {
        format!("expected a learning-path step like `1. Beginner: …`, found `{item}`")
    })?;
    let stage: Stage = label
        .parse()
        .map_err(|_| format!("expected a learning-path step named Beginner, Intermediate or Advanced, found `{label}`"))?;
    let slot = &mut d.path[usize::from(stage.number() - 1)];
    if slot.is_some() {
        return Err(format!("a second {stage} step"));
    }
    *slot = Some(text.to_string());
    Ok(())
}

fn resource(d: &mut Draft, item: &str) -> Result<(), String> {
    let (label, text) = labelled(item)
        .ok_or_else(|| format!("expected a resource like `- Books: …`, found `{item}`"))?;
    let i = RESOURCE_KINDS
        .iter()
        .position(|k| k.eq_ignore_ascii_case(label))
        .ok_or_else(|| {
            format!(
                "unknown resource `{label}`; expected Books, Courses, Projects or Certifications"
            )
        })?;
    if d.resources[i].is_some() {
        return Err(format!("a second `{}` resource", RESOURCE_KINDS[i]));
    }
    d.resources[i] = Some(text.to_string());
    Ok(())
}

/// The root deck name for a guide: `--root`, else a short form of its title
/// (`Guide to … Skills for AI Engineer / ML Engineer Roles` → `AI/ML Engineer`).
pub fn root_name(title: Option<&str>, fallback: &str) -> String {
    let Some(title) = title else {
        return fallback.to_string();
    };
    let subject = title
        .rsplit_once(" for ")
        .map(|(_, s)| s)
        .map_or(title, |s| {
            s.trim_end_matches(" Roles").trim_end_matches(" Role")
        })
        .trim();
    let parts: Vec<&str> = subject.split(" / ").map(str::trim).collect();
    let last_words: Vec<Option<&str>> = parts
        .iter()
        .map(|p| p.rsplit_once(' ').map(|(_, w)| w))
        .collect();
    match last_words.first() {
        Some(Some(common)) if parts.len() > 1 && last_words.iter().all(|w| *w == Some(common)) => {
            let heads: Vec<&str> = parts
                .iter()
                .filter_map(|p| p.rsplit_once(' ').map(|(h, _)| h))
                .collect();
            format!("{} {}", heads.join("/"), common)
        }
        _ => subject.to_string(),
    }
}

/// Certification lines that name none make no card.
fn names_nothing(s: &str) -> bool {
    let n = normalize(s);
    n.starts_with("none") || n == "n a" || n.is_empty()
}

/// The deck file of each skill: `(file name, deck)`, in guide order. A skill with a
/// question set gets its questions and wording.
#[must_use]
pub fn decks(guide: &Guide, root: &str, questions: &[QuestionSet]) -> Vec<(String, DeckDraft)> {
    guide
        .skills
        .iter()
        .enumerate()
        .map(|(i, skill)| {
            let file = format!("{:02}-{}.toml", i + 1, slug(&skill.name));
            let set = questions.iter().find(|q| q.skill == skill.name);
            (file, deck(guide, skill, root, set))
        })
        .collect()
}

/// Question sets (with their files) that name no skill of the guide, or a skill another
/// set names already, as problems at their `skill` line.
#[must_use]
pub fn unknown_skills(guide: &Guide, sets: &[(String, QuestionSet)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, (file, q)) in sets.iter().enumerate() {
        let at = |m: String| Problem::new(file, Some(q.skill_line), m);
        if !guide.skills.iter().any(|s| s.name == q.skill) {
            problems.push(at(format!(
                "the guide has no skill `{}` (its #### headings name the skills)",
                q.skill
            )));
        } else if let Some((first, _)) = sets[..i].iter().find(|(_, o)| o.skill == q.skill) {
            problems.push(at(format!(
                "`{}` has a question file already: {first}",
                q.skill
            )));
        }
    }
    problems
}

/// A skill's deck, stage by stage: the guide's card that opens the stage, the skill's
/// questions of that stage, then the guide's remaining cards (the learning path and
/// resources, tagged `resources`: they never count toward the level). New cards come in
/// file order within a stage, so the questions come before the guide's trivia, and the
/// three cards of the definition are kept apart.
fn deck(guide: &Guide, s: &Skill, root: &str, set: Option<&QuestionSet>) -> DeckDraft {
    let id = slug(&s.name);
    let card = card_maker(&id);
    let wording = set.map(|q| q.wording.clone()).unwrap_or_default();
    let questions = |stage: Stage| {
        set.into_iter()
            .flat_map(|q| &q.cards)
            .filter(move |c| c.stage == stage)
            .cloned()
    };
    let mut cards = beginner_opening(&card, s, &wording);
    cards.extend(questions(Stage::Beginner));
    cards.extend(beginner_closing(guide, &card, s));
    cards.push(card(
        "usage",
        Stage::Intermediate,
        CardKind::Basic,
        wording
            .usage
            .clone()
            .unwrap_or_else(|| format!("How is {} used in the real world?", s.name)),
        &s.usage,
        &["usage"],
    ));
    cards.extend(questions(Stage::Intermediate));
    cards.extend(intermediate_closing(&card, s));
    cards.extend(questions(Stage::Advanced));
    cards.extend(advanced_closing(&card, s));
    DeckDraft {
        name: format!("{root}::{}::{}::{}", s.area, s.category, s.name),
        description: cloze::first_sentence(&s.definition).to_string(),
        cards,
    }
}

/// Makes a guide card of the skill whose id slug is `id`: `card(field, stage, kind, front, back, tags)`.
fn card_maker(id: &str) -> impl Fn(&str, Stage, CardKind, String, &str, &[&str]) -> CardDraft + '_ {
    move |field, stage, kind, front, back, tags| CardDraft {
        guid: format!("{id}/{field}"),
        stage,
        kind,
        front,
        back: back.to_string(),
        choices: Vec::new(),
        tags: tags.iter().map(std::string::ToString::to_string).collect(),
        key_points: Vec::new(),
        note: String::new(),
        sql: crate::core::model::SqlOptions::default(),
    }
}

type Maker<'a> = dyn Fn(&str, Stage, CardKind, String, &str, &[&str]) -> CardDraft + 'a;

fn beginner_opening(card: &Maker<'_>, s: &Skill, wording: &Wording) -> Vec<CardDraft> {
    let front = wording
        .definition
        .clone()
        .unwrap_or_else(|| format!("What is {}?", s.name));
    vec![card(
        "definition",
        Stage::Beginner,
        CardKind::Basic,
        front,
        &s.definition,
        &["definition"],
    )]
}

/// The definition asked the other two ways (the skill from its definition, a term of the
/// definition), then the first step of the learning path.
fn beginner_closing(guide: &Guide, card: &Maker<'_>, s: &Skill) -> Vec<CardDraft> {
    let n = &s.name;
    let mut cards = vec![CardDraft {
        choices: distractor_skills(guide, s),
        ..card(
            "which-skill",
            Stage::Beginner,
            CardKind::Choice,
            format!("Which skill is this? {}", mask_name(&s.definition, n)),
            n,
            &["definition", "reverse"],
        )
    }];
    cards.push(card(
        "beginner-step",
        Stage::Beginner,
        CardKind::Basic,
        format!("What does the Beginner stage of learning {n} cover?"),
        &s.path[0],
        &["learning-path", RESOURCES_TAG],
    ));
    if let Some((text, term)) = cloze::make(&s.definition, &cloze::words_of(n)) {
        cards.push(card(
            "definition-cloze",
            Stage::Beginner,
            CardKind::Cloze,
            text,
            &term,
            &["definition", "cloze"],
        ));
    }
    cards
}

fn intermediate_closing(card: &Maker<'_>, s: &Skill) -> Vec<CardDraft> {
    let n = &s.name;
    vec![
        card(
            "intermediate-step",
            Stage::Intermediate,
            CardKind::Basic,
            format!("What does the Intermediate stage of learning {n} cover?"),
            &s.path[1],
            &["learning-path", RESOURCES_TAG],
        ),
        card(
            "book",
            Stage::Intermediate,
            CardKind::Basic,
            format!("Which book is recommended for {n}?"),
            &s.books,
            &[RESOURCES_TAG, "book"],
        ),
        card(
            "course",
            Stage::Intermediate,
            CardKind::Basic,
            format!("Which course is recommended for {n}?"),
            &s.courses,
            &[RESOURCES_TAG, "course"],
        ),
    ]
}

fn advanced_closing(card: &Maker<'_>, s: &Skill) -> Vec<CardDraft> {
    let n = &s.name;
    let mut cards = vec![
        card(
            "advanced-step",
            Stage::Advanced,
            CardKind::Basic,
            format!("What does the Advanced stage of learning {n} cover?"),
            &s.path[2],
            &["learning-path", RESOURCES_TAG],
        ),
        card(
            "project",
            Stage::Advanced,
            CardKind::Basic,
            format!("Which project is suggested for practising {n}?"),
            &s.projects,
            &[RESOURCES_TAG, "project"],
        ),
    ];
    if !names_nothing(&s.certifications) {
        cards.push(card(
            "certification",
            Stage::Advanced,
            CardKind::Basic,
            format!("Which certification is suggested for {n}?"),
            &s.certifications,
            &[RESOURCES_TAG, "certification"],
        ));
    }
    cards.push(card(
        "proficiency",
        Stage::Advanced,
        CardKind::Basic,
        format!("How do you demonstrate proficiency in {n}?"),
        &s.proficiency,
        &["proficiency", RESOURCES_TAG],
    ));
    cards
}

/// The definition with the skill's own words blanked, so the question does not give it away.
fn mask_name(definition: &str, name: &str) -> String {
    cloze::mask(definition, &cloze::words_of(name))
}

/// Three other skills' names as wrong options: same category first, then same area, then
/// the rest, in guide order.
fn distractor_skills(guide: &Guide, s: &Skill) -> Vec<String> {
    let others = || guide.skills.iter().filter(move |o| o.name != s.name);
    others()
        .filter(|o| o.category == s.category && o.area == s.area)
        .chain(others().filter(|o| o.area == s.area && o.category != s.category))
        .chain(others().filter(|o| o.area != s.area))
        .take(3)
        .map(|o| o.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "# Guide to Skills for Data Scientist Roles

## Core

### Programming

#### Python
**Definition:** Python is a high-level programming language known for its readability. It is popular.

**Real-World Usage:** Python is used for pipelines
that span two lines.

**Progressive Learning Path:**
1. Beginner: Learn syntax.
2. Intermediate: Learn Pandas.
3. Advanced: Design APIs.

**Resources:**
- Books: \"Fluent Python\".
- Courses: CS50.
- Projects: Build an API.
- Certifications: None specific available.

**Proficiency Demonstration:** Publish a project.

---

#### SQL
**Definition:** SQL manages relational databases.

**Real-World Usage:** Querying.

**Progressive Learning Path:**
1. Beginner: SELECT.
2. Intermediate: Joins.
3. Advanced: Tuning.

**Resources:**
- Books: \"Learning SQL\".
- Courses: SQLZoo.
- Projects: A shop database.
- Certifications: Azure Data Fundamentals.

**Proficiency Demonstration:** Show queries.
";

    fn errors(text: &str) -> Vec<String> {
        parse(text, "g.md")
            .unwrap_err()
            .0
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_every_section() {
        let g = parse(ONE, "g.md").unwrap();
        assert_eq!(g.skills.len(), 2);
        let p = &g.skills[0];
        assert_eq!(
            (
                p.area.as_str(),
                p.category.as_str(),
                p.name.as_str(),
                p.line
            ),
            ("Core", "Programming", "Python", 7)
        );
        assert_eq!(p.usage, "Python is used for pipelines that span two lines.");
        assert_eq!(p.path[1], "Learn Pandas.");
        assert_eq!(p.certifications, "None specific available.");
    }

    #[test]
    fn decks_have_every_card_of_the_design() {
        let g = parse(ONE, "g.md").unwrap();
        let d = decks(&g, "Root", &[]);
        assert_eq!(d[0].0, "01-python.toml");
        assert_eq!(d[0].1.name, "Root::Core::Programming::Python");
        let ids: Vec<&str> = d[0].1.cards.iter().map(|c| c.guid.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "python/definition",
                "python/which-skill",
                "python/beginner-step",
                "python/definition-cloze",
                "python/usage",
                "python/intermediate-step",
                "python/book",
                "python/course",
                "python/advanced-step",
                "python/project",
                "python/proficiency",
            ],
            "no certification card when the guide names none"
        );
        assert_eq!(d[1].1.cards.len(), 12);
        let which = &d[0].1.cards[1];
        assert_eq!(which.choices, vec!["SQL"]);
        assert!(!which.front.contains("Python"), "{}", which.front);
        let cloze = &d[0].1.cards[3];
        assert_eq!(
            cloze.front,
            "Python is a high-level programming language known for its [...]."
        );
        assert_eq!(cloze.back, "readability");
        let guide_talk = d.iter().flat_map(|(_, deck)| &deck.cards);
        for c in guide_talk {
            assert!(!c.front.to_lowercase().contains("guide"), "{}", c.front);
        }
    }

    const SQL_QUESTIONS: &str = r#"
skill = "SQL"
[wording]
definition = "What is SQL for?"
[[cards]]
id = "sql/q/adv"
stage = "advanced"
front = "Why index a foreign key?"
back = "Joins and deletes on the parent look it up."
[[cards]]
id = "sql/q/beg"
front = "What does SELECT do?"
back = "Reads rows."
"#;

    #[test]
    fn questions_join_their_skill_by_stage_before_the_guide_trivia() {
        let g = parse(ONE, "g.md").unwrap();
        let set = crate::formats::questions::parse(SQL_QUESTIONS, "q.toml").unwrap();
        let d = decks(&g, "Root", &[set]);
        let sql = &d[1].1;
        let ids: Vec<&str> = sql.cards.iter().map(|c| c.guid.as_str()).collect();
        assert_eq!(ids[..3], ["sql/definition", "sql/q/beg", "sql/which-skill"]);
        let adv = ids.iter().position(|&i| i == "sql/q/adv").unwrap();
        assert_eq!(
            ids[adv + 1],
            "sql/advanced-step",
            "questions before the trivia"
        );
        assert_eq!(sql.cards[0].front, "What is SQL for?");
        assert_eq!(sql.cards.len(), 14);
        assert_eq!(d[0].1.cards.len(), 11, "Python has no question file");
        let resources = sql
            .cards
            .iter()
            .filter(|c| c.tags.iter().any(|t| t == "resources"));
        let fields: Vec<&str> = resources
            .map(|c| c.guid.trim_start_matches("sql/"))
            .collect();
        assert_eq!(
            fields,
            [
                "beginner-step",
                "intermediate-step",
                "book",
                "course",
                "advanced-step",
                "project",
                "certification",
                "proficiency"
            ]
        );
    }

    #[test]
    fn question_files_must_name_a_skill_of_the_guide_once() {
        let g = parse(ONE, "g.md").unwrap();
        let set = crate::formats::questions::parse(SQL_QUESTIONS, "q.toml").unwrap();
        let mut other = set.clone();
        other.skill = "Rust".into();
        let sets = vec![
            ("a.toml".to_string(), set.clone()),
            ("b.toml".to_string(), set),
            ("c.toml".to_string(), other),
        ];
        let problems: Vec<String> = unknown_skills(&g, &sets)
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "b.toml:2: `SQL` has a question file already: a.toml",
                "c.toml:2: the guide has no skill `Rust` (its #### headings name the skills)"
            ]
        );
    }

    #[test]
    fn root_names_come_from_titles() {
        assert_eq!(
            root_name(
                Some(
                    "Comprehensive Guide to High-Demand Skills for AI Engineer / ML Engineer Roles"
                ),
                "x"
            ),
            "AI/ML Engineer"
        );
        assert_eq!(
            root_name(Some("Guide to Skills for Data Scientist Roles"), "x"),
            "Data Scientist"
        );
        assert_eq!(root_name(Some("My Notes"), "x"), "My Notes");
        assert_eq!(root_name(None, "stem"), "stem");
    }

    #[test]
    fn a_missing_definition_names_the_skill_line() {
        let bad = ONE.replace("**Definition:** SQL manages relational databases.\n", "");
        assert_eq!(
            errors(&bad),
            vec!["g.md:28: skill `SQL` has no **Definition:**"]
        );
    }

    #[test]
    fn missing_steps_and_resources_are_each_named() {
        let bad = ONE
            .replace("2. Intermediate: Joins.\n", "")
            .replace("- Courses: SQLZoo.\n", "");
        let e = errors(&bad);
        assert_eq!(e.len(), 1);
        assert!(
            e[0].contains("the Intermediate step") && e[0].contains("`- Courses:`"),
            "{e:?}"
        );
    }

    #[test]
    fn malformed_headings_are_refused() {
        assert!(
            errors(&ONE.replace("#### SQL", "####SQL"))[0]
                .starts_with("g.md:28: malformed heading")
        );
        assert!(
            errors(&ONE.replace("#### SQL", "##### SQL"))[0]
                .starts_with("g.md:28: malformed heading")
        );
        let orphan = "#### Lonely\n**Definition:** x\n";
        assert!(errors(orphan)[0].contains("must sit under"));
    }

    #[test]
    fn unknown_sections_and_stray_lines_are_refused() {
        assert!(
            errors(&ONE.replace("**Real-World Usage:** Querying.", "**Usage:** Querying."))[0]
                .contains("unknown section `**Usage:**`")
        );
        assert!(
            errors(&ONE.replace("- Projects: A shop database.", "- Videos: A shop database."))[0]
                .contains("unknown resource `Videos`")
        );
    }

    #[test]
    fn an_empty_guide_says_what_it_expected() {
        assert!(errors("just some text\n")[0].contains("no skills found"));
    }
}
