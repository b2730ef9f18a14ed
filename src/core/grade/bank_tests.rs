//! The grader on answers to real questions of the question bank
//! (`decks/sources/questions/`), each with the key points it must meet: good paraphrases,
//! reversed comparisons, negations, filler, typos and British spelling.

use super::*;
use crate::core::model::CardDraft;

static CARDS: std::sync::LazyLock<Vec<CardDraft>> = std::sync::LazyLock::new(|| {
    crate::builtin::decks()
        .unwrap()
        .into_iter()
        .flat_map(|d| d.cards)
        .collect()
});

fn card(id: &str) -> CardDraft {
    CARDS
        .iter()
        .find(|c| c.guid == id)
        .cloned()
        .unwrap_or_else(|| panic!("no card {id} in the built-in decks"))
}

/// `(card, answer, which key points it meets)`: 1 met, 0 missed, in the card's order.
const CASES: &[(&str, &str, &str)] = &[
    // Good paraphrases.
    (
        "sql/q/inner-vs-left-join",
        "An inner join returns only the rows matched in both tables. A left join: every left row is kept, with NULLs where no match.",
        "111",
    ),
    (
        "sql/q/filter-on-aggregate",
        "WHERE runs before grouping so COUNT isn't there yet; HAVING filters groups after aggregation.",
        "11",
    ),
    (
        "sql/q/equals-null",
        "Comparing with NULL gives UNKNOWN, and WHERE keeps only TRUE rows. Use IS NULL.",
        "111",
    ),
    (
        "python/q/list-vs-tuple",
        "Lists can be changed in place; a tuple is immutable, so a tuple can be a dict key.",
        "111",
    ),
    (
        "python/q/is-vs-equals",
        "== compares values. is checks for the same object, which is why you write x is None.",
        "111",
    ),
    (
        "python/q/mutable-default-argument",
        "Output is [1, 2]: the default is evaluated once at definition, so all calls share one list. Use None as the default.",
        "1111",
    ),
    (
        "data-pipelines-and-versioning/q/etl-vs-elt",
        "ETL transforms before loading. ELT loads raw data first and transforms inside the warehouse, so raw data can be re-transformed later.",
        "111",
    ),
    (
        "containerization-using-docker-kubernetes/q/image-vs-container",
        "An image is a read-only template; a container is a running instance of an image with a thin writable layer on top. Many containers from one image.",
        "1111",
    ),
    (
        "transfer-learning-techniques/q/feature-extraction",
        "You freeze the pretrained layers and train only a new head; the features cannot adapt to the new domain.",
        "111",
    ),
    (
        "application-in-finance/q/expected-loss",
        "EL = PD × LGD × EAD. PD: probability of default. Loss given default is the share lost. Exposure at default is the amount owed.",
        "1111",
    ),
    (
        "application-in-healthcare/q/accuracy-rare-disease",
        "Predicting healthy for all gives 99% accuracy but it misses every case; report positive-class metrics instead.",
        "111",
    ),
    (
        "articulating-technical-concepts/q/bluf",
        "Bottom line up front: lead with the recommendation, supporting detail after, because busy readers get the point.",
        "1111",
    ),
    (
        "computational-cost-reduction-techniques/q/latency-vs-throughput",
        "Latency is time per request, throughput is requests per second. Batching raises throughput, but requests wait for the batch.",
        "1111",
    ),
    (
        "data-preprocessing/q/count-missing-per-column",
        "df.isna() gives a boolean mask, and .sum() counts the True values per column.",
        "11",
    ),
    // Partial answers: only some points.
    (
        "sql/q/inner-vs-left-join",
        "An inner join keeps only matching rows.",
        "100",
    ),
    (
        "traditional-machine-learning-algorithms/q/logistic-regression",
        "It applies a sigmoid of a linear score and outputs a probability.",
        "1100",
    ),
    (
        "containerization-using-docker-kubernetes/q/container-vs-vm",
        "A container shares the host kernel while a VM runs its own guest OS.",
        "11000",
    ),
    // Reversed comparisons: the same words, the ideas swapped between clauses.
    (
        "sql/q/filter-on-aggregate",
        "HAVING runs before grouping, and WHERE filters groups after aggregation.",
        "00",
    ),
    (
        "sql/q/inner-vs-left-join",
        "LEFT keeps only matching rows; INNER keeps all left-table rows.",
        "000",
    ),
    (
        "data-pipelines-and-versioning/q/etl-vs-elt",
        "ELT transforms before loading; ETL loads raw data first.",
        "000",
    ),
    (
        "python/q/list-vs-tuple",
        "A tuple is mutable while a list is immutable.",
        "000",
    ),
    (
        "computational-cost-reduction-techniques/q/latency-vs-throughput",
        "Throughput is time per request, and latency is requests per second.",
        "0000",
    ),
    (
        "containerization-using-docker-kubernetes/q/container-vs-vm",
        "A VM shares the host kernel, whereas a container runs its own guest OS.",
        "00000",
    ),
    // Negations: the point's words, denied.
    (
        "sql/q/filter-on-aggregate",
        "WHERE does not run before grouping; HAVING never filters groups after aggregation.",
        "00",
    ),
    (
        "containerization-using-docker-kubernetes/q/container-vs-vm",
        "A container doesn't share the host kernel.",
        "00000",
    ),
    (
        "transfer-learning-techniques/q/feature-extraction",
        "You don't freeze the pretrained layers and never train only a new head.",
        "000",
    ),
    (
        "sql/q/equals-null",
        "Comparing with NULL doesn't give UNKNOWN; just use IS NULL.",
        "010",
    ),
    // A point that is itself a negation is met only by a denial.
    (
        "transfer-learning-techniques/q/feature-extraction",
        "The features cannot adapt to the new domain.",
        "001",
    ),
    (
        "transfer-learning-techniques/q/feature-extraction",
        "The features adapt to the new domain.",
        "000",
    ),
    // Filler: fluent, on topic, no idea in it.
    (
        "sql/q/inner-vs-left-join",
        "Joins are an important and complex part of SQL that every data engineer should understand well.",
        "000",
    ),
    (
        "fine-tuning-large-language-models-llms/q/what-is-fine-tuning",
        "Fine-tuning is a very powerful technique that is used a lot in modern AI.",
        "000",
    ),
    (
        "application-in-healthcare/q/sensitivity-specificity",
        "They are two metrics that measure how good the model is in healthcare.",
        "000",
    ),
    // Typos.
    (
        "sql/q/filter-on-aggregate",
        "WHERE runs before grouping; HAVING filters groups after agregation.",
        "11",
    ),
    (
        "python/q/list-vs-tuple",
        "a list is mutabel, a tuple is imutable",
        "110",
    ),
    (
        "data-pipelines-and-versioning/q/etl-vs-elt",
        "ETL tranforms before loadng.",
        "100",
    ),
    (
        "traditional-machine-learning-algorithms/q/logistic-regression",
        "sigmoid of a linaer score; outputs a probabilty; threshhold 0.5 for the label; trained with log loss",
        "1111",
    ),
    // British and American spelling, either way round.
    (
        "traditional-machine-learning-algorithms/q/linear-regression",
        "Prediction is a weighted sum plus intercept; training minimizes the sum of squared errors.",
        "110",
    ),
    (
        "traditional-machine-learning-algorithms/q/logistic-regression",
        "A sigmoid of a linear score; it outputs a probability; threshold 0.5 for the label; it minimizes cross-entropy.",
        "1111",
    ),
    (
        "traditional-machine-learning-algorithms/q/supervised-vs-unsupervised",
        "Supervised learns from labeled targets, e.g. predicting sales; unsupervised has no labels, and clustering is unsupervised.",
        "1111",
    ),
    (
        "ethical-deployment-of-generative-ai-tools/q/bias-in-generative-ai",
        "Outputs stereotype or favor groups, like CEO images mostly men; it comes from skewed training data.",
        "1110",
    ),
    (
        "fine-tuning-large-language-models-llms/q/causal-lm-objective",
        "Causal language modeling: predict the next token, minimize negative log-likelihood, self-supervised with no labels needed, on a huge unlabeled corpus.",
        "1111",
    ),
    (
        "transfer-learning-techniques/q/nlp-recipe",
        "Masked language modeling on unlabeled text, then add a classification layer and fine-tune on the downstream task.",
        "111",
    ),
    // Case and accents.
    (
        "application-in-finance/q/isolation-forest",
        "ISOLATION FÖREST: anomalies have short path lengths.",
        "11",
    ),
    // Order within the answer does not matter, only which clause holds what.
    (
        "articulating-technical-concepts/q/precision-recall-plain",
        "Business picks the costlier mistake. Raising one usually lowers the other. Recall: how much fraud we catch. Precision: how often an alarm is right.",
        "1111",
    ),
    (
        "data-preprocessing/q/remove-duplicates",
        "keep first occurrence by default; use drop_duplicates; duplicated marks repeats; subset picks the key columns",
        "1111",
    ),
];

fn pattern(met: &[bool]) -> String {
    met.iter().map(|m| if *m { '1' } else { '0' }).collect()
}

#[test]
fn real_answers_meet_the_points_they_state_and_no_others() {
    assert!(CASES.len() >= 40);
    let mut wrong = Vec::new();
    for (id, answer, expected) in CASES {
        let c = card(id);
        let got = pattern(&points_met(answer, &c.key_points));
        if got != *expected {
            wrong.push(format!("{id}: {answer:?}: expected {expected}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_suggestion_follows_the_points_met() {
    let c = card("sql/q/inner-vs-left-join");
    let grade = |answer: &str| {
        assess_card(answer, &c.key_points, &c.back, &c.front)
            .suggested
            .value()
    };
    let all = "INNER keeps only matching rows; LEFT keeps all left-table rows; unmatched right columns are NULL";
    assert_eq!(grade(all), 5);
    assert_eq!(
        grade("INNER keeps only matching rows; LEFT keeps all left-table rows"),
        3
    );
    assert_eq!(grade("INNER keeps only matching rows"), 2);
    assert_eq!(grade("no idea"), 1);
    assert_eq!(grade(""), 0);
    // The reversed comparison scored 100% and suggested 5 before key points.
    let reversed = "LEFT keeps only matching rows; INNER keeps all left-table rows";
    assert_eq!(grade(reversed), 1);
}

#[test]
fn hints_cap_the_suggestion() {
    let c = card("sql/q/filter-on-aggregate");
    let a = assess_card(
        "WHERE runs before grouping; HAVING filters groups after aggregation",
        &c.key_points,
        &c.back,
        &c.front,
    );
    assert_eq!(a.suggested.value(), 5);
    assert_eq!(a.clone().with_hints(1).suggested.value(), 3);
    assert_eq!(a.clone().with_hints(2).suggested.value(), 2);
    assert_eq!(a.with_hints(5).suggested.value(), 2);
}

#[test]
fn feedback_lists_the_points_met_and_missed() {
    let c = card("sql/q/equals-null");
    let a = assess_card("Use IS NULL.", &c.key_points, &c.back, &c.front);
    assert!(a.by_points);
    assert_eq!(a.met, vec!["use IS NULL"]);
    assert_eq!(
        a.missing,
        vec![
            "comparing with NULL gives UNKNOWN",
            "WHERE keeps only TRUE rows"
        ]
    );
    assert_eq!((a.matched, a.terms), (1, 3));
}

/// The key-term grader, for cards without key points, on the guide's cards.
#[test]
fn key_terms_forgive_filler_and_spelling_and_keep_ideas_together() {
    // Filler of the reference ("Gain expertise in complex queries") is not required.
    let reference = "Gain expertise in complex queries: window functions, CTEs and subqueries.";
    let a = assess_in_context(
        "window functions, CTEs and subqueries",
        reference,
        "What should an advanced SQL learner master?",
    );
    assert!(a.suggested.value() >= 4, "{a:?}");
    // optimising / optimization.
    let a = assess("optimising the queries", "Query optimization");
    assert_eq!(a.missing, Vec::<String>::new(), "{a:?}");
    // The words of one reference clause must come together in one answer clause.
    let reference = "Models ship in Docker containers; Kubernetes scales the replicas.";
    let together = assess(
        "models ship in docker containers; kubernetes scales replicas",
        reference,
    );
    let scattered = assess(
        "docker scales; replicas ship; kubernetes models; containers",
        reference,
    );
    assert!(
        together.score > scattered.score,
        "{together:?} vs {scattered:?}"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Cards and the clauses an answer to them may be built from: each card's
    /// phrasings, a reversed one, a negated one and filler.
    fn material() -> Vec<(CardDraft, Vec<String>)> {
        [
            "sql/q/inner-vs-left-join",
            "sql/q/filter-on-aggregate",
            "python/q/list-vs-tuple",
            "containerization-using-docker-kubernetes/q/container-vs-vm",
            "transfer-learning-techniques/q/feature-extraction",
        ]
        .iter()
        .map(|id| {
            let c = card(id);
            let mut clauses: Vec<String> = c
                .key_points
                .iter()
                .flat_map(|p| p.phrasings().to_vec())
                .collect();
            clauses.push("it does not keep the rows before grouping".into());
            clauses.push("this is an important topic, in my experience".into());
            clauses.push("the other one is mutable, but not the first".into());
            (c, clauses)
        })
        .collect()
    }

    const UNRELATED: &[&str] = &[
        "basically",
        "honestly",
        "banana",
        "quantum",
        "yellow",
        "seventeen",
        "really",
        "overall",
    ];

    proptest! {
        #[test]
        fn shuffling_clauses_never_changes_which_points_are_met(
            card in 0usize..5,
            picks in prop::collection::vec(0usize..40, 1..6),
            order in Just(()).prop_perturb(|(), mut rng| rng.random::<u64>()),
        ) {
            let m = material();
            let (c, clauses) = &m[card];
            let chosen: Vec<&String> = picks.iter().map(|i| &clauses[i % clauses.len()]).collect();
            let mut shuffled = chosen.clone();
            // A deterministic shuffle from the drawn number.
            let mut x = order;
            for i in (1..shuffled.len()).rev() {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                shuffled.swap(i, (x >> 33) as usize % (i + 1));
            }
            let join = |v: &[&String]| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("; ");
            prop_assert_eq!(
                points_met(&join(&chosen), &c.key_points),
                points_met(&join(&shuffled), &c.key_points)
            );
        }

        #[test]
        fn adding_unrelated_words_never_lowers_a_score(
            card in 0usize..5,
            picks in prop::collection::vec(0usize..40, 1..5),
            extra in prop::collection::vec((0usize..8, 0usize..60), 1..6),
        ) {
            let m = material();
            let (c, clauses) = &m[card];
            let answer: Vec<String> = picks.iter().map(|i| clauses[i % clauses.len()].clone()).collect();
            let answer = answer.join("; ");
            // Unrelated words inserted between any two words of the answer.
            let mut words: Vec<&str> = answer.split(' ').collect();
            for (w, at) in &extra {
                let at = at % (words.len() + 1);
                words.insert(at, UNRELATED[*w]);
            }
            let padded = words.join(" ");
            let before = assess_card(&answer, &c.key_points, &c.back, &c.front);
            let after = assess_card(&padded, &c.key_points, &c.back, &c.front);
            prop_assert!(after.score >= before.score, "{answer:?} → {padded:?}");
            prop_assert!(after.suggested >= before.suggested);
            // The key-term grader too, with words added at the end of the answer.
            let tail = format!("{answer} {}", extra.iter().map(|(w, _)| UNRELATED[*w]).collect::<Vec<_>>().join(" "));
            let before = assess_in_context(&answer, &c.back, &c.front);
            let after = assess_in_context(&tail, &c.back, &c.front);
            prop_assert!(after.score >= before.score, "{answer:?} → {tail:?}");
        }
    }
}
