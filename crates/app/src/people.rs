//! A person's record written once for every adapter: a new record, held by the caller's
//! agency, and a change to one the caller's agency holds, each with its audit event in the same
//! transaction.

use crate::access::{Caller, Refusal};
use crate::clock::{now, uk_today};
use crate::failure::{Failure, with_problems};
use crate::references::resolve_agency;
use haven_domain::Invalid;
use haven_domain::audit::{AuditAction, Detail};
use haven_domain::ids::PersonId;
use haven_domain::person::{Person, PersonForm};
use haven_domain::policy::Action;
use haven_domain::text::Reference;

/// A new person as typed. The authorities and the reference are codes as the client gave them
/// (blank for none).
#[derive(Debug, Clone)]
pub struct NewPerson<'a> {
    pub form: PersonForm,
    pub reference: &'a str,
    pub placing_authority: &'a str,
    pub host_authority: &'a str,
}

/// A change to a person's record: the form as it should now read, and each authority's code
/// where it changes (`None` keeps the record's; blank clears it).
#[derive(Debug, Clone)]
pub struct PersonChange<'a> {
    pub form: PersonForm,
    pub placing_authority: Option<&'a str>,
    pub host_authority: Option<&'a str>,
}

impl<'a> Caller<'a> {
    /// Creates a person, held by the caller's agency with its reference.
    pub async fn create_person(&self, new: &NewPerson<'_>, purpose: &str) -> Result<Person, Failure> {
        self.authorise_service(Action::CreatePerson)?;
        let store = self.store();
        let mut problems = Invalid::default();
        let placing = resolve_agency(store, "placing_authority", new.placing_authority, &mut problems).await?;
        let host = resolve_agency(store, "host_authority", new.host_authority, &mut problems).await?;
        let reference = match new.reference.trim() {
            "" => None,
            raw => problems.check("reference", Reference::parse(raw)),
        };
        let details = with_problems(new.form.parse(uk_today(), placing, host), problems)?;
        let person = Person::new(details, self.sharing().agency(), reference, now());
        let audit = self.event(AuditAction::PersonCreate, purpose).person(person.id);
        store.create_person(&person, &audit).await?;
        tracing::info!(person_id = %person.id, "person created");
        Ok(person)
    }

    /// Changes person `id` if their record is still at `version`; `change` is given the record's
    /// form as it stands and returns it as it should read. The answer is cut to what the caller
    /// sees.
    pub async fn update_person<'c>(
        &self,
        id: PersonId,
        version: i64,
        change: &(dyn Fn(PersonForm) -> PersonChange<'c> + Sync),
        purpose: &str,
    ) -> Result<Person, Failure> {
        let access = self.person(id, Action::EditPerson, purpose).await?;
        let store = self.store();
        let mut person = store.person(id, &self.event(AuditAction::PersonView, purpose).person(id)).await?;
        if person.version != version {
            return Err(Failure::Conflict);
        }
        let current = &person.details;
        let change = change(PersonForm::from_details(current));
        let mut problems = Invalid::default();
        let placing = match change.placing_authority {
            None => current.placing_authority,
            Some(code) => resolve_agency(store, "placing_authority", code, &mut problems).await?,
        };
        let host = match change.host_authority {
            None => current.host_authority,
            Some(code) => resolve_agency(store, "host_authority", code, &mut problems).await?,
        };
        let details = with_problems(change.form.parse(uk_today(), placing, host), problems)?;
        let fields = details.changed_fields(current);
        let audit = self.event(AuditAction::PersonUpdate, purpose).person(id).detail(Detail::Fields(fields));
        person.version = store.update_person(id, version, &details, &audit).await?;
        tracing::info!(version = person.version, "person updated");
        person.details = details;
        // The stores stamp the change with its audit event's time.
        person.updated_at = audit.at;
        Ok(self.sharing().cut_person(person, &access.holders))
    }

    /// Refuses an action that is not for the caller's role at all (a search, a new record): the
    /// role alone decides, before anything is read.
    pub fn authorise_service(&self, action: Action) -> Result<(), Refusal> {
        crate::access::for_role(&self.actor(), action)
    }
}
