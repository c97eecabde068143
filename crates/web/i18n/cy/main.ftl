# Y cynllun, mewngofnodi, yr hafan a thudalennau gwall.
service-name = haven
skip-to-main = Neidio i'r prif gynnwys
language-switch = English
demo-banner-tag = Demo
demo-banner-text = Mae'r gwasanaeth hwn yn cadw data arddangos yn unig. Peidiwch â rhoi manylion pobl go iawn.
signed-in-as = Wedi mewngofnodi fel { $name }
navigation = Dewislen
nav-home = Hafan
nav-search = Dod o hyd i berson
nav-create = Ychwanegu person
footer-licence = Mae haven yn feddalwedd rydd, a ryddhawyd o dan Drwydded Gyhoeddus Gyffredinol Affero GNU v3.0 neu ddiweddarach.
footer-support = Dolenni cymorth
footer-privacy = Caiff pob tro y gwelir cofnod person ei gofnodi.
back = Yn ôl
error-prefix = Gwall:
error-summary-title = Mae problem

sign-in = Mewngofnodi
sign-out = Allgofnodi
sign-in-title = Mewngofnodi i haven
sign-in-intro = Defnyddiwch yr enw defnyddiwr a'r cyfrinair a roddodd eich asiantaeth i chi.
sign-in-username = Enw defnyddiwr
sign-in-password = Cyfrinair
sign-in-failed = Rhowch enw defnyddiwr a chyfrinair cywir
sign-in-signed-out = Rydych wedi allgofnodi.

home-title = haven
home-intro = Rhannu'r hyn y mae asiantaethau'n ei wybod am blant sy'n mynd ar goll neu sydd mewn perygl o gael eu hecsbloetio, fel y gellir dod o hyd iddynt a'u cadw'n ddiogel.
home-welcome = Croeso, { $name }
home-role = Eich rôl: { $role }
home-search-link = Dod o hyd i berson
home-search-text = Chwilio yn ôl enw, dyddiad geni neu gyfeirnod asiantaeth.
home-create-link = Ychwanegu person
home-create-text = Cofnodi plentyn neu oedolyn sy'n peri pryder nad oes unrhyw asiantaeth wedi'i gofnodi eto.
home-no-people = Nid yw eich rôl yn rhoi mynediad at gofnodion pobl.

page-title-suffix = haven

error-page-403-title = Nid oes gennych fynediad at y dudalen hon
error-page-403-text = Nid yw eich rôl na'ch asiantaeth yn caniatáu i chi weld na newid hyn. Os ydych yn credu y dylai fod gennych fynediad, siaradwch â'ch goruchwyliwr neu weinyddwr eich asiantaeth.
error-page-403-csrf-text = Nid oedd modd anfon eich ffurflen am nad oedd wedi dod o'r gwasanaeth hwn, neu roedd y dudalen wedi bod ar agor yn rhy hir. Ewch yn ôl, ail-lwythwch y dudalen a rhoi cynnig arall arni.
error-page-404-title = Heb ddod o hyd i'r dudalen
error-page-404-text = Os gwnaethoch deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir. Os gwnaethoch ddilyn dolen, efallai nad yw'r cofnod yn bodoli mwyach.
error-page-409-title = Mae'r cofnod hwn wedi newid
error-page-413-title = Mae'r hyn a anfonwyd gennych yn rhy fawr
error-page-413-text = Roedd y ffurflen yn fwy nag y mae haven yn ei dderbyn. Byrhewch y testun a rhoi cynnig arall arni.
error-page-429-title = Gormod o ymdrechion i fewngofnodi
error-page-429-text = Er eich diogelwch, ni allwch fewngofnodi am y 15 munud nesaf. Rhowch gynnig arall arni yn nes ymlaen, neu gofynnwch i weinyddwr eich asiantaeth am help.
error-page-400-title = Mae'n ddrwg gennym, mae problem gyda'r hyn a anfonwyd
error-page-400-text = Ewch yn ôl a rhoi cynnig arall arni.
error-page-500-title = Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth
error-page-500-text = Rhowch gynnig arall arni yn nes ymlaen. Os yw'n dal i ddigwydd, dywedwch wrth ddesg wasanaeth eich asiantaeth pryd y digwyddodd.
error-page-home-link = Mynd i'r hafan

password-title = Newid eich cyfrinair
password-required = Cafodd eich cyfrinair ei osod gan weinyddwr. Dewiswch un newydd nad oes neb ond chi'n ei wybod cyn parhau.
password-current = Cyfrinair presennol
password-new = Cyfrinair newydd
password-new-hint = O leiaf { $min } nod. Mae ychydig o eiriau digyswllt yn gwneud cyfrinair cryf sy'n hawdd ei gofio.
password-confirm = Cadarnhau'r cyfrinair newydd
password-button = Newid cyfrinair
password-changed = Mae eich cyfrinair wedi cael ei newid.
nav-password = Newid cyfrinair
home-missing-now = { $count ->
    [0] Nid oes plentyn ar goll nawr
    [one] Mae 1 plentyn ar goll nawr
   *[other] Mae { $count } o blant ar goll nawr
}
home-mine = Eich plant
home-mine-all = Pob plentyn sydd ar goll nawr
home-high-risk = Risg uchel, ar goll nawr
home-high-risk-all = Y bwrdd ar goll nawr
home-reviews-overdue = Adolygiadau hwyr
home-reviews-overdue-all = Pob adolygiad ar y bwrdd ar goll nawr
home-interviews-due = Cyfweliadau dychwelyd adref sy'n ddyledus
home-interviews-due-all = Rhestr waith y cyfweliadau dychwelyd adref
home-none = Dim ar hyn o bryd.
home-since = Ar goll ers neu wedi dychwelyd
home-due = Yr adolygiad neu'r cyfweliad nesaf yn ddyledus
home-scrutiny-text = Mae eich rôl yn gweld ffigurau, nid cofnodion pobl. Bydd y ffigurau ar gyfer byrddau ar y dudalen hon.

# Mewngofnodi drwy ddarparwr hunaniaeth y sefydliad (OpenID Connect).
oidc-sign-in-with = Mewngofnodi gyda { $name }
oidc-or-password = Neu mewngofnodwch gyda chyfrinair haven
oidc-refused-title = Nid ydych wedi mewngofnodi i haven
oidc-not-linked = Nid yw cyfrif eich sefydliad wedi'i gysylltu â defnyddiwr haven: gofynnwch i weinyddwr eich asiantaeth.
oidc-disabled = Mae eich cyfrif haven wedi'i analluogi: gofynnwch i weinyddwr eich asiantaeth.
oidc-identity-is = Rhowch eich hunaniaeth yn { $name } i'ch gweinyddwr:
oidc-no-flow = Ni ddechreuwyd y mewngofnodi hwn yn y porwr hwn, neu cymerodd fwy na 10 munud. Ewch yn ôl a mewngofnodi eto.
oidc-provider-refused = Ni wnaeth { $name } eich mewngofnodi. Ewch yn ôl a mewngofnodi eto.
oidc-failed = Nid oedd haven yn gallu cadarnhau eich mewngofnodi gyda { $name }. Rhowch gynnig arall arni. Os yw'n dal i ddigwydd, dywedwch wrth ddesg wasanaeth eich asiantaeth pryd y digwyddodd.
oidc-back-to-sign-in = Ewch yn ôl i fewngofnodi
