//! One table per enum of public names: `names!` defines the enum, its `ALL` variants, its
//! `NAMES` (the schema's choices, the docs' and the pages' option lists), `name()`,
//! `from_name()` and serde as those names, from the list of variants alone. A variant's
//! public name is its identifier in lower kebab case (`RegPlane` is "reg-plane"), made by
//! strum's derives at compile time; where that is not the name, the variant says so with
//! `#[strum(serialize = "x1-x2")]`. So each name is written once, or not at all. serde is
//! implemented here rather than derived, so its message for an unknown name lists the
//! names (`unknown variant `pear`, expected `apple` or `blood-orange``).
//! Depends on nothing in the crate: every layer may use it.

/// `names! { /// doc  pub enum Kind { /// doc  A, BeeCee } }` ("a", "bee-cee"). The enum
/// derives Clone, Copy, Debug, PartialEq and Eq; pass `#[derive(Default)]` and `#[default]`
/// as usual. An unknown name deserializes to serde's own "unknown variant" error.
#[macro_export]
macro_rules! names {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, ::strum::IntoStaticStr, ::strum::VariantNames)]
        #[strum(serialize_all = "kebab-case")]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every variant, in the table's order.
            pub const ALL: [$name; $name::NAMES.len()] = [$($name::$variant),+];
            /// Every public name, in the same order.
            pub const NAMES: &'static [&'static str] = <$name as ::strum::VariantNames>::VARIANTS;

            /// The public name (lower-kebab, as in the URL, the CLI and JSON).
            pub fn name(self) -> &'static str {
                self.into()
            }

            /// The variant of a public name.
            pub fn from_name(text: &str) -> Option<$name> {
                Self::NAMES.iter().position(|&n| n == text).map(|i| Self::ALL[i])
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str(concat!("a name of ", stringify!($name)))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, text: &str) -> Result<$name, E> {
                        $name::from_name(text).ok_or_else(|| E::unknown_variant(text, $name::NAMES))
                    }
                }
                d.deserialize_str(Visitor)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    names! {
        /// A test table.
        #[derive(Default)]
        pub enum Fruit {
            #[default]
            Apple,
            /// Two words.
            BloodOrange,
            /// Its own name.
            #[strum(serialize = "kiwi")]
            Chinese,
        }
    }

    #[test]
    fn names_parse_print_and_serialize_from_one_table() {
        assert_eq!(Fruit::NAMES, ["apple", "blood-orange", "kiwi"]);
        assert_eq!(Fruit::ALL.iter().map(|f| f.name()).collect::<Vec<_>>(), Fruit::NAMES);
        assert_eq!(Fruit::from_name("blood-orange"), Some(Fruit::BloodOrange));
        assert_eq!(Fruit::from_name("kiwi"), Some(Fruit::Chinese));
        assert_eq!(Fruit::from_name("chinese"), None);
        assert_eq!(Fruit::from_name("pear"), None);
        assert_eq!(serde_json::to_string(&Fruit::BloodOrange).unwrap(), "\"blood-orange\"");
        assert_eq!(serde_json::from_str::<Fruit>("\"apple\"").unwrap(), Fruit::default());
        let e = serde_json::from_str::<Fruit>("\"pear\"").unwrap_err().to_string();
        assert!(e.starts_with("unknown variant `pear`, expected one of `apple`, `blood-orange`, `kiwi`"), "{e}");
    }
}
