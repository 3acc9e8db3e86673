email-greeting = Hola { $name }:
email-footer = Recibe este mensaje porque su administrador gestiona su cuenta { $account } en Roster.
role-member = Miembro
role-manager = Gestor
role-admin = Administrador

products-changed-subject = Sus productos han cambiado
products-changed-intro = Su administrador ha cambiado los productos que puede usar.
products-changed-added = Añadidos: { $list }
products-changed-removed = Retirados: { $list }
products-changed-now = Sus productos ahora: { $list }
products-changed-none = Por ahora no tiene ningún producto.

role-changed-subject = Su rol ha cambiado
role-changed-body = Su rol ha cambiado de { $old } a { $new }.

getting-started-subject = Primeros pasos con { $product }
getting-started-intro = Ya puede usar { $product }. Así puede empezar:
getting-started-meeting = Descargue la aplicación GoTo, inicie sesión con esta dirección de correo y elija «Reunirse ahora» para iniciar su primera reunión.
getting-started-webinar = Inicie sesión en GoTo Webinar, elija «Programar un webinar» y comparta el enlace de inscripción con su público.
getting-started-training = Inicie sesión en GoTo Training, cree su primera formación e invite a los participantes desde el Training Center.
getting-started-openvoice = Marque el número OpenVoice de su cuenta, introduzca su código de conferencia y compártalo con los participantes.
getting-started-generic = Inicie sesión con esta dirección de correo para empezar.

invitation-subject = Le han invitado a gestionar usuarios en Roster
invitation-body = Su administrador le ha dado acceso al portal de administración de { $account }, donde gestiona los usuarios de su equipo y sus productos.
invitation-action = Elegir mi contraseña
password-link-validity = Abra este enlace para elegir su contraseña: { $link } — sirve una sola vez, en un plazo de 7 días.
invitation-sign-in = Inicie sesión en { $link } con esta dirección de correo y la contraseña que le facilite su administrador.
invitation-sign-in-action = Iniciar sesión en el portal

password-reset-subject = Elija una nueva contraseña para Roster
password-reset-body = Un administrador de la cuenta { $account } le ha enviado un enlace para elegir una nueva contraseña para el portal de administración.
password-reset-action = Elegir una nueva contraseña
password-reset-ignore = Si no esperaba este correo, ignórelo: su contraseña actual sigue siendo válida.
