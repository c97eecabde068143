## Marcwyr rhybudd ac atgyfeiriadau NRM

record-class-warning-marker = Marcwyr rhybudd
record-class-nrm = Atgyfeiriadau NRM

audit-marker-raise = Wedi codi marciwr rhybudd
audit-marker-approve = Wedi cymeradwyo marciwr rhybudd
audit-marker-review = Wedi adolygu marciwr rhybudd
audit-marker-list = Wedi darllen marcwyr rhybudd
audit-nrm-refer = Wedi cofnodi atgyfeiriad NRM
audit-nrm-decide = Wedi cofnodi penderfyniad NRM
audit-nrm-list = Wedi darllen atgyfeiriadau NRM

marker-type-county-lines = Llinellau cyffuriau
marker-type-at-risk-cse = Mewn perygl o gamfanteisio rhywiol ar blant
marker-type-at-risk-cce = Mewn perygl o gamfanteisio troseddol ar blant
marker-type-trafficking = Masnachu pobl neu gaethwasiaeth fodern
marker-type-person-of-concern = Person sy'n peri pryder
marker-type-weapons = Arfau
marker-type-violence = Trais
marker-type-drug-supply = Cyflenwi cyffuriau
marker-type-cuckooed-address = Cyfeiriad wedi'i feddiannu (cuckooing)
marker-type-place-of-concern = Lle sy'n peri pryder

marker-status-pending = Yn aros am gymeradwyaeth
marker-status-active = Gweithredol
marker-status-ended = Wedi dod i ben

review-outcome-keep = Cadw
review-outcome-end = Dod i ben

first-responder-police = Yr heddlu
first-responder-local-authority = Awdurdod lleol
first-responder-home-office = Y Swyddfa Gartref
first-responder-national-crime-agency = Yr Asiantaeth Troseddu Genedlaethol
first-responder-glaa = Awdurdod Gangfeistri a Cham-drin Llafur
first-responder-salvation-army = Byddin yr Iachawdwriaeth
first-responder-migrant-help = Migrant Help
first-responder-medaille-trust = Medaille Trust
first-responder-kalayaan = Kalayaan
first-responder-barnardos = Barnardo's
first-responder-unseen = Unseen
first-responder-nspcc = NSPCC
first-responder-bawso = BAWSO
first-responder-new-pathways = New Pathways
first-responder-refugee-council = Cyngor y Ffoaduriaid

exploitation-cce = Camfanteisio troseddol ar blant
exploitation-cse = Camfanteisio rhywiol ar blant
exploitation-labour = Camfanteisio drwy lafur
exploitation-other = Camfanteisio arall

decision-positive = Cadarnhaol
decision-negative = Negyddol
stage-reasonable-grounds = Seiliau rhesymol
stage-conclusive-grounds = Seiliau terfynol

markers-heading = Marcwyr rhybudd
markers-none = Dim marcwyr rhybudd y gallwch eu gweld.
markers-type = Marciwr
markers-status = Statws
markers-reason = Rheswm
markers-source = Ffynhonnell
markers-start = O
markers-review = Adolygu erbyn
markers-overdue-tag = Adolygiad yn hwyr
markers-add-link = Ychwanegu marciwr rhybudd
markers-approve-button = Cymeradwyo
markers-offending = Math troseddu
markers-new-title = Ychwanegu marciwr rhybudd
markers-new-button = Ychwanegu marciwr
markers-type-hint = Ar blentyn, mae marciwr yn aros am gymeradwyaeth goruchwyliwr. Mae person sy'n peri pryder, arfau, trais a chyflenwi cyffuriau yn fathau troseddu: byth ar blentyn o dan 10 oed.
markers-source-agency = Cod yr asiantaeth ffynhonnell
markers-source-agency-hint = Gadewch yn wag ar gyfer eich asiantaeth eich hun
markers-source-note = Ar beth y mae'n seiliedig
markers-source-note-hint = Er enghraifft PNC, MACE 12 Tachwedd, cyfarfod strategaeth
markers-starts-on = Dyddiad dechrau
markers-review-on = Dyddiad adolygu
markers-date-hint = Er enghraifft 12/11/2026. Ar blentyn, mae'r adolygiad o fewn 12 mis i'r dechrau.
markers-overdue-title = Adolygiadau marcwyr rhybudd sy'n hwyr
markers-overdue-none = Nid oes unrhyw adolygiadau'n hwyr.
markers-overdue-subject = Person neu le
markers-overdue-link = Adolygiadau marcwyr rhybudd sy'n hwyr

nrm-heading = Y Mecanwaith Atgyfeirio Cenedlaethol
nrm-none = Dim atgyfeiriadau NRM y gallwch eu gweld.
nrm-referred-on = Atgyfeiriwyd
nrm-first-responder = Ymatebydd cyntaf
nrm-exploitation = Camfanteisio
nrm-rg = Seiliau rhesymol
nrm-cg = Seiliau terfynol
nrm-awaited = Yn aros
nrm-days = { $days ->
    [zero] { $days } diwrnod
    [one] 1 diwrnod
    [two] { $days } ddiwrnod
    [few] { $days } diwrnod
    [many] { $days } diwrnod
   *[other] { $days } diwrnod
}
nrm-rg-overdue = Penderfyniad seiliau rhesymol yn aros am fwy na 45 diwrnod
nrm-add-link = Cofnodi atgyfeiriad NRM
nrm-new-title = Cofnodi atgyfeiriad NRM
nrm-new-button = Cofnodi atgyfeiriad
nrm-first-responder-note = Y swyddfa neu'r tîm a atgyfeiriodd (dewisol)
nrm-referred-on-hint = Er enghraifft 2026-11-02

error-under-age-of-criminal-responsibility = Ni all marciwr math troseddu fynd ar blentyn o dan 10 oed (oedran cyfrifoldeb troseddol)
error-offending-marker-needs-date-of-birth = Cofnodwch ddyddiad geni'r plentyn cyn marciwr math troseddu: hebddo ni ellir dangos ei fod yn 10 oed
error-marker-type-for-places-only = Mae'r math hwn o farciwr ar gyfer lleoedd
error-marker-type-for-people-only = Mae'r math hwn o farciwr ar gyfer pobl
error-review-more-than-12-months = Ar blentyn, rhaid i'r dyddiad adolygu fod o fewn 12 mis
error-review-not-after-start = Rhaid i'r dyddiad adolygu fod ar ôl y dechrau
error-date-in-future = Ni all y dyddiad fod yn y dyfodol
error-approver-is-raiser = Goruchwyliwr heblaw'r person a'i cododd sy'n cymeradwyo marciwr
error-already-approved = Mae'r marciwr hwn eisoes wedi'i gymeradwyo
error-approval-not-needed = Nid oes angen cymeradwyo'r marciwr hwn
error-marker-ended = Mae'r marciwr hwn wedi dod i ben
error-marker-not-approved = Gellir dod â marciwr sy'n aros am gymeradwyaeth i ben ond nid ei gadw
error-before-marker-start = Ni all yr adolygiad fod cyn i'r marciwr ddechrau
error-not-when-ending = Gadewch y dyddiad adolygu nesaf yn wag wrth ddod â marciwr i ben
error-not-a-child = Mae atgyfeiriad NRM yma ar gyfer plentyn: roedd y person yn 18 oed neu'n hŷn ar y dyddiad hwnnw
error-decision-before-referral = Ni ellir dyddio penderfyniad cyn yr atgyfeiriad
error-conclusive-before-reasonable = Ni ellir dyddio'r penderfyniad seiliau terfynol cyn y penderfyniad seiliau rhesymol
error-needs-reasonable-grounds = Cofnodwch y penderfyniad seiliau rhesymol yn gyntaf
error-reasonable-grounds-negative = Mae penderfyniad seiliau rhesymol negyddol yn dod â'r atgyfeiriad i ben
error-already-decided = Mae'r penderfyniad hwn eisoes wedi'i gofnodi
markers-review-link = Adolygu
markers-review-title = Adolygu'r marciwr { $marker } ar { $on }
markers-review-button = Cadw'r adolygiad
markers-review-outcome = Cadw'r marciwr neu ei ddod i ben?
markers-reviewed-on = Dyddiad yr adolygiad
markers-reviewed-on-hint = Er enghraifft 03/12/2026. Gadewch yn wag ar gyfer heddiw.
markers-next-review-on = Dyddiad yr adolygiad nesaf (os caiff ei gadw)
markers-next-review-on-hint = Er enghraifft 03/06/2027. Ar blentyn, o fewn 12 mis i'r adolygiad hwn.
markers-review-note = Beth a ganfu'r adolygiad
nrm-decision-link = Cofnodi penderfyniad
nrm-decision-title = Cofnodi penderfyniad NRM ar gyfer { $name }
nrm-decision-button = Cadw'r penderfyniad
nrm-decision-stage = Pa benderfyniad?
nrm-decision-outcome = Canlyniad
nrm-decided-on = Dyddiad y penderfyniad
nrm-decided-on-hint = Er enghraifft 03/12/2026. Nid cyn yr atgyfeiriad ({ $referred }) ac nid yn y dyfodol.
