# Gweinyddu: defnyddwyr asiantaeth a'u tocynnau API.
nav-admin = Defnyddwyr
admin-users-title = Defnyddwyr
admin-users-count = { $count ->
    [zero] Dim defnyddwyr
    [one] 1 defnyddiwr
    [two] 2 ddefnyddiwr
    [few] { $count } defnyddiwr
    [many] { $count } defnyddiwr
   *[other] { $count } defnyddiwr
}
admin-username = Enw defnyddiwr
admin-username-hint = Llythrennau bach, digidau, atalnodau llawn, cysylltnodau neu danlinellau, er enghraifft j.evans
admin-display-name = Enw a ddangosir ar dudalennau
admin-agency = Asiantaeth
admin-role = Rôl
admin-status = Statws
admin-active = Gweithredol
admin-disabled = Wedi'i analluogi
admin-new-user-title = Ychwanegu defnyddiwr
admin-new-user-button = Ychwanegu'r defnyddiwr
admin-new-user-done = Defnyddiwr wedi'i ychwanegu
admin-one-time-password = Y cyfrinair untro ar gyfer { $username }. Rhowch ef iddynt yn ddiogel: rhaid iddynt ei newid pan fyddant yn mewngofnodi gyntaf.
admin-shown-once = Dangosir hwn unwaith yn unig. Dim ond stwnsh ohono y mae haven yn ei gadw.
admin-back-to-user = Mynd at y defnyddiwr
admin-change-title = Newid y rôl, yr enw neu'r hunaniaeth
admin-change-button = Cadw'r newidiadau
admin-access-title = Mynediad
admin-disable-button = Analluogi'r defnyddiwr hwn
admin-enable-button = Galluogi'r defnyddiwr hwn
admin-reset-button = Ailosod y cyfrinair
admin-reset-done = Cyfrinair wedi'i ailosod
admin-tokens-title = Tocynnau API
admin-token-name = At beth mae'r tocyn
admin-token-name-hint = Er enghraifft, cysoni rheoli achosion
admin-token-issued = Rhoddwyd
admin-token-expires = Y diwrnod olaf y mae'n gweithio
admin-token-expires-hint = Er enghraifft, 2027-06-30. Gadewch yn wag am flwyddyn o heddiw
admin-token-never = Byth
admin-token-dead = Wedi'i ddirymu neu wedi dod i ben
admin-token-new = Rhoi tocyn
admin-token-button = Rhoi'r tocyn
admin-token-done = Tocyn wedi'i roi
admin-token-once = Y tocyn “{ $name }”. Rhowch ef i bwy bynnag sy'n rhedeg y system a fydd yn ei ddefnyddio.
admin-revoke-button = Dirymu { $name }
error-username-unknown-user = Nid oes gan unrhyw ddefnyddiwr yr enw defnyddiwr hwn
error-username-cannot-change-yourself = Ni allwch analluogi eich hun na newid eich rôl eich hun
error-expires_on-in-the-past = Rhaid i'r diwrnod olaf fod ar ôl heddiw
error-unknown-agency = Dewiswch asiantaeth o'r rhestr
home-admin-users-text = Ychwanegu defnyddwyr, newid eu rolau, eu hanalluogi, ailosod cyfrineiriau a rhoi tocynnau API.
home-admin-audit-text = Pob mewngofnodi, chwiliad, golwg a newid gan ddefnyddwyr eich asiantaeth.
nav-agreements = Cytundebau
admin-agreements-title = Cytundebau rhannu
admin-agreements-intro = Pwy sy'n rhannu beth gyda phwy, am bwy ac ar gyfer pa rolau. Nid yw cytundeb yn rhannu dim cyn iddo ddechrau nac ar ôl iddo ddod i ben.
admin-agreements-count = { $count ->
    [zero] Dim cytundebau
    [one] 1 cytundeb
    [two] 2 gytundeb
    [few] { $count } cytundeb
    [many] { $count } cytundeb
   *[other] { $count } cytundeb
}
admin-agreement-name = Cytundeb
admin-agreement-members = Aelodau
admin-agreement-shares = Yn rhannu
admin-agreement-dates = Mewn grym
admin-agreement-review = Adolygiad nesaf
admin-in-force = Mewn grym
admin-not-in-force = Ddim mewn grym
admin-from = O { $date }
admin-every-role = pob rôl
admin-grant = { $class } gyda { $to } ({ $scope }; { $roles })
record-class-identity = Hunaniaeth
record-class-police-assessment = Asesiad a gwybodaeth yr heddlu
record-class-episode-summary = Crynodeb o'r cyfnod
record-class-rhi-content = Cynnwys y cyfweliad dychwelyd adref
record-class-health = Iechyd
record-class-education = Addysg
record-class-exploitation-screening = Sgriniadau ecsbloetio
agency-kind-police = heddluoedd
agency-kind-local-authority = awdurdodau lleol
agency-kind-health = byrddau iechyd
agency-kind-education = ysgolion a cholegau
agency-kind-rhi-provider = darparwyr cyfweliadau dychwelyd adref
agency-kind-youth-justice = gwasanaethau cyfiawnder ieuenctid
agency-kind-commissioner = swyddfeydd comisiynwyr
scope-cohort = am bawb y mae'r rhannwr yn eu dal
scope-own-cases = am bobl y mae'r derbynnydd yn eu dal
admin-identity = Hunaniaeth ym mewngofnodi'r sefydliad
admin-identity-hint = Eu dynodydd yn narparwr hunaniaeth eich sefydliad, fel y gallant fewngofnodi gyda chyfrif eu sefydliad (yn Entra ID, eu ID gwrthrych). Gadewch yn wag os ydynt yn mewngofnodi gyda chyfrinair haven yn unig.
error-identity-identity-taken = Mae defnyddiwr arall eisoes wedi'i gysylltu â'r hunaniaeth hon
error-identity-identity-format = Rhowch yr hunaniaeth fel y mae'r darparwr hunaniaeth yn ei dangos, heb fylchau
error-identity-identity-too-long = Mae hunaniaeth yn 255 nod ar y mwyaf
