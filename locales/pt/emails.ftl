email-greeting = Olá { $name },
email-footer = Recebe esta mensagem porque o seu administrador gere a sua conta { $account } no Roster.
role-member = Membro
role-manager = Gestor
role-admin = Administrador

products-changed-subject = Os seus produtos foram alterados
products-changed-intro = O seu administrador alterou os produtos que pode utilizar.
products-changed-added = Adicionados: { $list }
products-changed-removed = Removidos: { $list }
products-changed-now = Os seus produtos agora: { $list }
products-changed-none = De momento não tem nenhum produto.

role-changed-subject = A sua função foi alterada
role-changed-body = A sua função passou de { $old } para { $new }.

getting-started-subject = Comece a usar o { $product }
getting-started-intro = Já pode usar o { $product }. Eis como começar:
getting-started-meeting = Transfira a aplicação GoTo, inicie sessão com este endereço de email e escolha «Reunir agora» para iniciar a sua primeira reunião.
getting-started-webinar = Inicie sessão no GoTo Webinar, escolha «Agendar um webinar» e partilhe a ligação de inscrição com o seu público.
getting-started-training = Inicie sessão no GoTo Training, crie a sua primeira formação e convide os formandos a partir do Training Center.
getting-started-openvoice = Marque o número OpenVoice da sua conta, introduza o código da conferência e partilhe-o com os participantes.
getting-started-generic = Inicie sessão com este endereço de email para começar.

invitation-subject = Foi convidado para gerir utilizadores no Roster
invitation-body = O seu administrador deu-lhe acesso ao portal de administração { $account }, onde gere os utilizadores da sua equipa e os respetivos produtos.
invitation-action = Escolher a minha palavra-passe
password-link-validity = Abra esta ligação para escolher a sua palavra-passe: { $link } — funciona uma única vez, no prazo de 7 dias.
invitation-sign-in = Inicie sessão em { $link } com este endereço de email e a palavra-passe que o seu administrador lhe indicar.
invitation-sign-in-action = Iniciar sessão no portal

password-reset-subject = Escolha uma nova palavra-passe para o Roster
password-reset-body = Um administrador da conta { $account } enviou-lhe uma ligação para escolher uma nova palavra-passe para o portal de administração.
password-reset-action = Escolher uma nova palavra-passe
password-reset-ignore = Se não esperava este email, ignore-o: a sua palavra-passe atual continua válida.
