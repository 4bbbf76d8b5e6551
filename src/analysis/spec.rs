//! What an analysis varies, and how often, as scripts write it (COINr's `SA_specs`): the
//! choices behind a score and the number of runs.

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::error::{ErrorKind, Result};
use crate::pipeline::Json;

/// One uncertain choice, as scripts write it: `{"step": "treat", "option": "winmax", "values":
/// [1, 2, 3]}`, `{"step": "normalise", "values": [{"method": "rank"}, ...]}` or
/// `{"weights": {"level": 2, "noise": 0.25}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ChoiceFields", into = "ChoiceFields")]
pub enum Choice {
    /// Alternatives for a pipeline step: for one option, or (`option` None) for its options whole.
    Step {
        /// The step's name (`treat`, `normalise`, ...).
        step: String,
        /// The option varied, or None when each value replaces the step's options.
        option: Option<String>,
        /// The alternatives, drawn with equal probability.
        values: Vec<Value>,
    },
    /// Every weight of one level multiplied by `1 + U(-noise, noise)`.
    Weights {
        /// The level (1 for indicators, 2 for pillars, ...).
        level: u32,
        /// Half-width of the relative perturbation, from 0 to below 1.
        noise: f64,
    },
}

impl Choice {
    /// A short name for reports: `treat.winmax`, `normalise`, `weights.2`.
    pub fn label(&self) -> String {
        match self {
            Choice::Step { step, option: Some(o), .. } => format!("{step}.{o}"),
            Choice::Step { step, option: None, .. } => step.clone(),
            Choice::Weights { level, .. } => format!("weights.{level}"),
        }
    }
}

/// What to vary and how often, as scripts write it: `{ n, seed, target, choices, bootstrap }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SpecFields", into = "SpecFields")]
pub struct AnalysisSpec {
    /// Runs (uncertainty) or base sample size (sensitivity: `n (d + 2)` runs); from 1 to
    /// 100000 (default 1000).
    pub n: usize,
    /// Seed of the random numbers (default 1).
    pub seed: u64,
    /// The iCode whose score and rank are analysed (the index, by default the top aggregate).
    pub target: Option<String>,
    /// The uncertain choices.
    pub choices: Vec<Choice>,
    /// Bootstrap samples for the confidence intervals of sensitivity indices, from 1 to 100000
    /// (default 1000).
    pub bootstrap: usize,
}

pub(super) fn bad(reason: String) -> crate::Error {
    ErrorKind::BadAnalysis { reason }.into()
}

impl AnalysisSpec {
    /// Reads a spec from JSON, as its `Deserialize` does.
    ///
    /// # Errors
    /// A field of the wrong type or out of range, an unknown field, a choice that is neither a
    /// step nor weights; the message names the field by its path (`choices[0]: ...`).
    ///
    /// # Example
    /// ```
    /// let e = innoscore::AnalysisSpec::from_json(&serde_json::json!({"n": 0, "choices": []})).unwrap_err();
    /// assert_eq!(e.to_string(), "analysis spec: 'n' must be a whole number from 1 to 100000");
    /// ```
    pub fn from_json(spec: &Value) -> Result<AnalysisSpec> {
        serde_path_to_error::deserialize(spec).map_err(|e| {
            let path = e.path().to_string();
            let reason = e.inner().to_string();
            bad(if path == "." { reason } else { format!("{path}: {reason}") })
        })
    }
}

/// A number as a script writes it: whole numbers exactly, any other as `f64` (NaN included, for
/// the checks to refuse with their own message).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(untagged, expecting = "use a number")]
enum Number {
    Whole(u64),
    Other(f64),
}

impl Number {
    /// The number if it is whole and in `range` (`1000.0` too: JavaScript has only one kind).
    fn whole_in(self, range: std::ops::RangeInclusive<u64>) -> Option<u64> {
        let n = match self {
            Number::Whole(n) => n,
            Number::Other(x) if x.fract() == 0.0 && (0.0..=*range.end() as f64).contains(&x) => x as u64,
            Number::Other(_) => return None,
        };
        range.contains(&n).then_some(n)
    }
}

/// [`AnalysisSpec`] as written, before its checks.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object such as {\"n\": 1000, \"choices\": [...]}")]
struct SpecFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    n: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seed: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    choices: Option<Vec<Choice>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bootstrap: Option<Number>,
}

/// The checks of a spec; the message is the reason, without "analysis spec".
impl TryFrom<SpecFields> for AnalysisSpec {
    type Error = String;

    fn try_from(f: SpecFields) -> std::result::Result<AnalysisSpec, String> {
        let count = |key: &str, x: Option<Number>, default: u64, max: u64| match x {
            None => Ok(default as usize),
            Some(x) => x.whole_in(1..=max).map(|n| n as usize).ok_or_else(|| format!("'{key}' must be a whole number from 1 to {max}")),
        };
        let n = count("n", f.n, 1000, 100_000)?;
        let seed = match f.seed {
            None => 1,
            Some(x) => x.whole_in(0..=u64::MAX).ok_or("'seed' must be a whole number of zero or more")?,
        };
        let bootstrap = count("bootstrap", f.bootstrap, 1000, 100_000)?;
        let choices = f.choices.ok_or("'choices' must be an array of choices")?;
        if choices.is_empty() {
            return Err("'choices' is empty: name at least one choice to vary".into());
        }
        Ok(AnalysisSpec { n, seed, target: f.target, choices, bootstrap })
    }
}

impl From<AnalysisSpec> for SpecFields {
    fn from(s: AnalysisSpec) -> SpecFields {
        SpecFields {
            n: Some(Number::Whole(s.n as u64)),
            seed: Some(Number::Whole(s.seed)),
            target: s.target,
            choices: Some(s.choices),
            bootstrap: Some(Number::Whole(s.bootstrap as u64)),
        }
    }
}

/// [`Choice`] as written, before its checks.
#[derive(Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object such as {\"step\": \"treat\", \"option\": \"winmax\", \"values\": [1, 2]} or {\"weights\": {\"level\": 2, \"noise\": 0.25}}"
)]
struct ChoiceFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    option: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "finite_values")]
    values: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weights: Option<WeightsFields>,
}

/// `weights` of a [`Choice`] as written.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object such as {\"level\": 2, \"noise\": 0.25}")]
struct WeightsFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    noise: Option<f64>,
}

/// The alternatives of a choice as JSON, refusing NaN and infinities (which would read as null).
fn finite_values<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Option<Vec<Value>>, D::Error> {
    struct Values;
    impl<'de> Visitor<'de> for Values {
        type Value = Option<Vec<Value>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an array of alternatives")
        }
        fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Self::Value, A::Error> {
            let mut values = Vec::new();
            while let Some(v) = seq.next_element_seed(Json::strict())? {
                values.push(v);
            }
            Ok(Some(values))
        }
    }
    deserializer.deserialize_option(Values)
}

/// The checks of a choice; the message is the reason, without the choice's place.
impl TryFrom<ChoiceFields> for Choice {
    type Error = String;

    fn try_from(c: ChoiceFields) -> std::result::Result<Choice, String> {
        if let Some(w) = c.weights {
            if c.step.is_some() || c.option.is_some() || c.values.is_some() {
                return Err("give either \"weights\" or \"step\" with its \"values\", not both".into());
            }
            let level = w.level.and_then(|l| l.whole_in(1..=32)).ok_or("weights.level must be a level such as 2")?;
            let noise = w.noise.filter(|x| (0.0..1.0).contains(x)).ok_or("weights.noise must be from 0 to below 1, such as 0.25")?;
            return Ok(Choice::Weights { level: level as u32, noise });
        }
        let step = c.step.ok_or("name a \"step\" or give \"weights\"")?;
        if c.option.as_deref().is_some_and(|o| o == "step" || o == "from") {
            return Err("\"option\" must name an option of the step".into());
        }
        let values = c.values.filter(|v| !v.is_empty()).ok_or("\"values\" must be a non-empty array of alternatives")?;
        if c.option.is_none() && values.iter().any(|v| !v.is_object()) {
            return Err("without \"option\", every value must be an object of the step's options".into());
        }
        Ok(Choice::Step { step, option: c.option, values })
    }
}

impl From<Choice> for ChoiceFields {
    fn from(c: Choice) -> ChoiceFields {
        match c {
            Choice::Step { step, option, values } => ChoiceFields { step: Some(step), option, values: Some(values), weights: None },
            Choice::Weights { level, noise } => ChoiceFields {
                step: None,
                option: None,
                values: None,
                weights: Some(WeightsFields { level: Some(Number::Whole(level.into())), noise: Some(noise) }),
            },
        }
    }
}

/// A spec from its JSON form, as [`AnalysisSpec::from_json`] reads it.
impl TryFrom<Value> for AnalysisSpec {
    type Error = crate::Error;
    fn try_from(spec: Value) -> Result<AnalysisSpec> {
        AnalysisSpec::from_json(&spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_are_checked() {
        let e = AnalysisSpec::from_json(&serde_json::json!({"n": 0, "choices": []})).unwrap_err();
        assert_eq!(e.to_string(), "analysis spec: 'n' must be a whole number from 1 to 100000");
        let e = AnalysisSpec::from_json(&serde_json::json!({"choices": [{"weights": {"level": 2, "noise": 1.5}}]})).unwrap_err();
        assert_eq!(e.to_string(), "analysis spec: choices[0]: weights.noise must be from 0 to below 1, such as 0.25");
        let e = AnalysisSpec::from_json(&serde_json::json!({"choices": [{"step": "normalise", "values": ["minmax"]}]})).unwrap_err();
        assert!(e.to_string().contains("every value must be an object"), "{e}");
    }

    fn message(spec: Value) -> String {
        AnalysisSpec::from_json(&spec).unwrap_err().to_string()
    }

    #[test]
    fn unknown_fields_and_wrong_types_are_named() {
        use serde_json::json;
        assert_eq!(
            message(json!({"m": 10, "choices": []})),
            "analysis spec: m: unknown field `m`, expected one of `n`, `seed`, `target`, `choices`, `bootstrap`"
        );
        assert_eq!(
            message(json!({"choices": [{"step": "treat", "option": "winmax", "valuez": [1]}]})),
            "analysis spec: choices[0].valuez: unknown field `valuez`, expected one of `step`, `option`, `values`, `weights`"
        );
        assert_eq!(
            message(json!({"choices": [{"weights": {"level": 2, "noize": 0.1}}]})),
            "analysis spec: choices[0].weights.noize: unknown field `noize`, expected `level` or `noise`"
        );
        assert_eq!(message(json!({"n": "1000", "choices": []})), "analysis spec: n: use a number");
        assert_eq!(message(json!({"target": 3, "choices": []})), "analysis spec: target: invalid type: integer `3`, expected a string");
        assert_eq!(
            message(json!({"choices": [{"step": "treat", "option": "winmax", "values": 3}]})),
            "analysis spec: choices[0].values: invalid type: integer `3`, expected an array of alternatives"
        );
        assert_eq!(
            message(json!({"choices": ["treat"]})),
            "analysis spec: choices[0]: invalid type: string \"treat\", expected an object such as {\"step\": \"treat\", \"option\": \"winmax\", \"values\": [1, 2]} or {\"weights\": {\"level\": 2, \"noise\": 0.25}}"
        );
        assert_eq!(message(json!("n")), "analysis spec: invalid type: string \"n\", expected an object such as {\"n\": 1000, \"choices\": [...]}");
    }

    #[test]
    fn values_are_checked_as_before() {
        use serde_json::json;
        assert_eq!(message(json!({"n": 2.5, "choices": []})), "analysis spec: 'n' must be a whole number from 1 to 100000");
        assert_eq!(message(json!({"bootstrap": 100001, "choices": []})), "analysis spec: 'bootstrap' must be a whole number from 1 to 100000");
        assert_eq!(message(json!({"seed": -1, "choices": []})), "analysis spec: 'seed' must be a whole number of zero or more");
        assert_eq!(message(json!({})), "analysis spec: 'choices' must be an array of choices");
        assert_eq!(message(json!({"choices": []})), "analysis spec: 'choices' is empty: name at least one choice to vary");
        assert_eq!(message(json!({"choices": [{"weights": {"level": 0, "noise": 0.1}}]})), "analysis spec: choices[0]: weights.level must be a level such as 2");
        assert_eq!(message(json!({"choices": [{"values": [1]}]})), "analysis spec: choices[0]: name a \"step\" or give \"weights\"");
        assert_eq!(
            message(json!({"choices": [{"step": "treat", "option": "from", "values": ["Raw"]}]})),
            "analysis spec: choices[0]: \"option\" must name an option of the step"
        );
        assert_eq!(
            message(json!({"choices": [{"step": "treat", "option": "winmax", "values": []}]})),
            "analysis spec: choices[0]: \"values\" must be a non-empty array of alternatives"
        );
        assert_eq!(
            message(json!({"choices": [{"step": "treat", "values": [1], "weights": {"level": 1, "noise": 0.1}}]})),
            "analysis spec: choices[0]: give either \"weights\" or \"step\" with its \"values\", not both"
        );
        // null is absent, as before; a whole number may be written 1000.0
        let spec = AnalysisSpec::from_json(&json!({"n": 1000.0, "seed": null, "choices": [{"weights": {"level": 1, "noise": 0}}]})).unwrap();
        assert_eq!((spec.n, spec.seed, spec.bootstrap), (1000, 1, 1000));
    }

    #[test]
    fn nan_from_javascript_is_refused_by_name() {
        use crate::pipeline::js::Js::*;
        let spec = |choice| Obj(vec![("choices", Arr(vec![choice]))]);
        let error = |spec| serde_path_to_error::deserialize::<_, AnalysisSpec>(spec).unwrap_err();
        let e = error(spec(Obj(vec![("weights", Obj(vec![("level", Num(2.0)), ("noise", Num(f64::NAN))]))])));
        assert_eq!((e.path().to_string(), e.inner().to_string()), ("choices[0]".into(), "weights.noise must be from 0 to below 1, such as 0.25".into()));
        let e = error(spec(Obj(vec![("weights", Obj(vec![("level", Num(f64::INFINITY)), ("noise", Num(0.1))]))])));
        assert_eq!(e.inner().to_string(), "weights.level must be a level such as 2");
        let values = Arr(vec![Num(1.0), Num(f64::NAN)]);
        let e = error(spec(Obj(vec![("step", Str("treat")), ("option", Str("winmax")), ("values", values)])));
        assert_eq!((e.path().to_string(), e.inner().to_string()), ("choices[0].values[1]".into(), "use a finite number, not NaN or an infinity".into()));
        let e = error(Obj(vec![("n", Num(f64::NAN))]));
        assert_eq!(e.inner().to_string(), "'n' must be a whole number from 1 to 100000");
    }

    #[test]
    fn specs_are_written_as_read() {
        use serde_json::json;
        let spec = json!({"n": 50, "seed": 7, "target": "Index", "choices": [
            {"step": "treat", "option": "winmax", "values": [1, 2]},
            {"step": "normalise", "values": [{"method": "rank"}]},
            {"weights": {"level": 2, "noise": 0.25}}
        ], "bootstrap": 200});
        let read = AnalysisSpec::from_json(&spec).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), spec);
        let defaults = AnalysisSpec::from_json(&json!({"choices": [{"weights": {"level": 1, "noise": 0.1}}]})).unwrap();
        assert_eq!(
            serde_json::to_value(&defaults).unwrap(),
            json!({"n": 1000, "seed": 1, "choices": [{"weights": {"level": 1, "noise": 0.1}}], "bootstrap": 1000})
        );
    }
}
