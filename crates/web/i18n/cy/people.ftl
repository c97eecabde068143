# Pobl: chwilio, tudalen y person, y ffurflenni creu a newid, a labeli gwerthoedd wedi'u codio.
search-title = Dod o hyd i berson
search-intro = Chwiliwch y cofnodion y mae eich asiantaeth yn eu cadw neu y caiff eu gweld o dan gytundeb rhannu gwybodaeth. Llenwch o leiaf un maes.
search-name = Enw
search-name-hint = Enw cyntaf, cyfenw neu enw arall. Mae dechrau enw yn ddigon.
search-date-of-birth = Dyddiad geni
search-date-of-birth-hint = Er enghraifft, 2011-02-28 neu 28/02/2011
search-reference = Cyfeirnod asiantaeth
search-reference-hint = Er enghraifft, rhif trosedd, digwyddiad neu achos
search-button = Chwilio
search-results-count = { $count ->
    [zero] Ni chafwyd hyd i neb
    [one] Cafwyd hyd i 1 person
    [two] Cafwyd hyd i 2 berson
    [few] Cafwyd hyd i { $count } pherson
    [many] Cafwyd hyd i { $count } pherson
   *[other] Cafwyd hyd i { $count } person
}
search-no-results = Nid oes neb yn cyfateb i'ch chwiliad ymhlith y cofnodion y cewch eu gweld. Gwiriwch y sillafu, rhowch lai o fanylion, neu ychwanegwch y person.
search-limit = Dim ond y { $limit } canlyniad cyntaf a ddangosir. Ychwanegwch fwy o fanylion i gyfyngu ar y chwiliad.

person-name = Enw
person-kind = Plentyn neu oedolyn
person-given-name = Enw cyntaf
person-middle-names = Enwau canol (dewisol)
person-family-name = Cyfenw
person-date-of-birth = Dyddiad geni
person-date-of-birth-hint = Er enghraifft, 2011-02-28 neu 28/02/2011. Gadewch yn wag dim ond ar gyfer oedolyn nad yw ei ddyddiad geni'n hysbys.
person-age = Oed
person-sex = Rhyw
person-gender = Rhywedd (dewisol)
person-gender-hint = Yng ngeiriau'r person ei hun, os yw'n wahanol i'r rhyw a gofnodwyd
person-ethnicity = Grŵp ethnig
person-care-status = Statws gofal
person-placing-authority = Awdurdod lleoli
person-host-authority = Awdurdod lle mae'r plentyn yn byw
person-out-of-area = Wedi'i leoli y tu allan i'r ardal
person-reference = Cyfeirnod eich asiantaeth (dewisol)
person-reference-hint = Er enghraifft, rhif trosedd, digwyddiad neu achos. Llythrennau, rhifau, bylchau a - / _ . yn unig.
person-details = Manylion
person-aliases = Enwau eraill
person-aliases-none = Dim enwau eraill wedi'u cofnodi.
person-records = Asiantaethau sy'n cadw cofnod
person-agency = Asiantaeth
person-reference-column = Cyfeirnod
person-recorded-at = Cofnodwyd
person-no-reference = Dim
person-placements = Cyfeiriadau a lleoliadau
person-placements-none = Dim cyfeiriadau na lleoliadau wedi'u cofnodi.
person-placement-kind = Math
person-placement-place = Lle
person-placement-from = O
person-placement-to = I
person-placement-current = Presennol
person-edit-link = Newid manylion
person-recent-access = Mynediad diweddar at y cofnod hwn
person-recent-access-hint = Yr 20 tro diwethaf y gwelwyd neu y newidiwyd y cofnod hwn. Caiff gweld y rhestr hon ei gofnodi hefyd.
person-access-when = Pryd
person-access-who = Pwy
person-access-agency = Asiantaeth
person-access-what = Beth
person-not-known = Ddim yn hysbys
person-version = Fersiwn { $version }, newidiwyd ddiwethaf { $when }

create-title = Ychwanegu person
create-button = Cadw'r person
edit-title = Newid manylion
edit-button = Cadw'r newidiadau
cancel = Canslo

placement-kind-home-address = Cyfeiriad cartref
placement-kind-care-placement = Lleoliad gofal

kind-child = Plentyn (o dan 18)
kind-adult = Oedolyn sy'n peri pryder

sex-female = Benyw
sex-male = Gwryw
sex-unknown = Ddim yn hysbys

care-status-not-known = Ddim yn hysbys
care-status-no-involvement = Dim cysylltiad â gwasanaethau plant
care-status-child-in-need = Plentyn mewn angen
care-status-child-protection-plan = Cynllun amddiffyn plant
care-status-looked-after = Yn derbyn gofal
care-status-care-leaver = Ymadawr gofal

ethnicity-asian-bangladeshi = Asiaidd, Asiaidd Cymreig neu Asiaidd Prydeinig: Bangladeshaidd
ethnicity-asian-chinese = Asiaidd, Asiaidd Cymreig neu Asiaidd Prydeinig: Tsieineaidd
ethnicity-asian-indian = Asiaidd, Asiaidd Cymreig neu Asiaidd Prydeinig: Indiaidd
ethnicity-asian-pakistani = Asiaidd, Asiaidd Cymreig neu Asiaidd Prydeinig: Pacistanaidd
ethnicity-asian-other = Asiaidd, Asiaidd Cymreig neu Asiaidd Prydeinig: unrhyw gefndir Asiaidd arall
ethnicity-black-african = Du, Du Cymreig, Du Prydeinig, Caribïaidd neu Affricanaidd: Affricanaidd
ethnicity-black-caribbean = Du, Du Cymreig, Du Prydeinig, Caribïaidd neu Affricanaidd: Caribïaidd
ethnicity-black-other = Du, Du Cymreig, Du Prydeinig, Caribïaidd neu Affricanaidd: unrhyw gefndir Du, Du Prydeinig neu Garibïaidd arall
ethnicity-mixed-white-asian = Grwpiau cymysg neu aml-ethnig: Gwyn ac Asiaidd
ethnicity-mixed-white-black-african = Grwpiau cymysg neu aml-ethnig: Gwyn a Du Affricanaidd
ethnicity-mixed-white-black-caribbean = Grwpiau cymysg neu aml-ethnig: Gwyn a Du Caribïaidd
ethnicity-mixed-other = Grwpiau cymysg neu aml-ethnig: unrhyw gefndir cymysg neu aml-ethnig arall
ethnicity-white-british = Gwyn: Cymreig, Seisnig, Albanaidd, Gwyddelig Gogledd Iwerddon neu Brydeinig
ethnicity-white-irish = Gwyn: Gwyddelig
ethnicity-white-gypsy-irish-traveller = Gwyn: Sipsi neu Deithiwr Gwyddelig
ethnicity-white-roma = Gwyn: Roma
ethnicity-white-other = Gwyn: unrhyw gefndir Gwyn arall
ethnicity-other-arab = Grŵp ethnig arall: Arabaidd
ethnicity-other-any = Grŵp ethnig arall: unrhyw grŵp ethnig arall
ethnicity-not-stated = Heb ei nodi

role-practitioner = Ymarferydd
role-supervisor = Goruchwyliwr
role-inspector = Arolygydd
role-mace-chair = Cadeirydd MACE
role-analyst = Dadansoddwr
role-scrutiny = Craffu
role-admin = Gweinyddwr
role-system-admin = Gweinyddwr y system
person-flags-and-warnings = Fflagiau a rhybuddion
